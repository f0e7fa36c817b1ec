package org.mnistlab.cli;

import org.mnistlab.augment.Augmentations;
import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.data.MnistDataset;
import org.mnistlab.model.Architecture;
import org.mnistlab.model.Models;
import org.mnistlab.model.Network;
import org.mnistlab.report.EpochLine;
import org.mnistlab.report.ProgressBar;
import org.mnistlab.train.Checkpoints;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Experiment;
import org.mnistlab.train.Experiments;
import org.mnistlab.train.LrSchedule;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.Target;
import org.mnistlab.train.TargetVerdict;
import org.mnistlab.train.Trainer;
import org.mnistlab.train.TrainingHistory;
import org.mnistlab.train.TrainingListener;
import org.mnistlab.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code train}: runs one experiment and writes {@code history.csv}, {@code summary.json} and checkpoints.
 *
 * <p>Example: {@code train --experiment 06-one-cycle --seed 2 --out results/06-one-cycle/2}
 */
@Command(name = "train", description = "Train one experiment; print one line per epoch; write history.csv, "
        + "summary.json and the best checkpoint.")
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--experiment", required = true, description = "Experiment name (see 'list'), or 'final'.")
    String experiment;

    @Option(names = "--epochs", description = "Epochs (default: the experiment's, 15).")
    Integer epochs;

    @Option(names = "--batch", description = "Batch size (default: the experiment's, 128).")
    Integer batch;

    @Option(names = "--limit", description = "Use only the first N training images (quick runs).")
    Integer limit;

    @Option(names = "--lr", description = "Replace the schedule by this constant learning rate.")
    Double lr;

    @Option(names = "--model", description = "Replace the experiment's model: baseline, batchnorm, dropout, gap, "
            + "final, small-gap, gap-linear, or an architecture's text form ('name 1x28x28 10 : conv(8,3,0,nobias) "
            + "bn relu ...').")
    String model;

    @Option(names = "--augment", description = "Replace the experiment's augmentation: none, light (rotation "
            + "+-7 deg), standard (RandomAffine), strong (affine + perspective + erasing).")
    String augment;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for weights, batch order, augmentation, "
            + "dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder (default: runs/<experiment>/<seed>).")
    Path out;

    @Option(names = "--resume", description = "Continue the interrupted run stored in the output folder.")
    boolean resume;

    @Option(names = "--force", description = "Overwrite a finished run in the output folder.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        String commit = GitInfo.commit(); // the code that runs, read before anyone can edit the checkout
        Experiment e = recipe();
        Path dir = out != null ? out : Path.of("runs", e.name(), Long.toString(seed));
        Path checkpoints = dir.resolve("checkpoints");
        if (!resume && !force && Files.exists(dir.resolve(RunRecord.SUMMARY))) {
            throw new IllegalArgumentException(dir + " already holds a finished run; use --force to overwrite it "
                    + "or --out to choose another folder");
        }
        if (resume && !Files.isRegularFile(checkpoints.resolve("state.json"))) {
            throw new IllegalArgumentException("nothing to resume in " + checkpoints);
        }
        boolean created = !Files.exists(dir);
        Checkpoints.in(dir).checkWritable(); // fails now, not after minutes of training

        MnistData data;
        try {
            data = MnistData.load();
        } catch (RuntimeException ex) {
            if (created) deleteQuietly(dir); // leave nothing half-made behind
            throw ex;
        }
        MnistDataset train = limit != null ? data.train().limit(limit) : data.train();
        System.out.println(e.describe());
        System.out.printf("data: %,d training images, %,d test images; output: %s%n", train.size(),
                data.test().size(), dir);

        Network net = e.architecture().build(seed);
        System.out.println("backend: " + net.backend().describe());
        Trainer trainer = e.trainer(seed).checkpointDir(checkpoints)
                .listener(new ProgressBar())
                .listener(new EpochLog(dir, e.epochs()))
                .build();
        try (MnistBatches trainBatches = MnistBatches.of(train).batchSize(e.batchSize()).shuffle(seed)
                .augment(e.augmentation()).build();
             MnistBatches testBatches = MnistBatches.inOrder(data.test(), 1000)) {
            TrainingResult result = resume ? trainer.resume(trainBatches, testBatches)
                    : trainer.fit(net, trainBatches, testBatches);
            TargetVerdict verdict = result.verdict(Target.standard());
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("seed", seed);
            context.put("recipe", e.describe());
            context.put("train_samples", train.size());
            context.put("test_samples", data.test().size());
            context.put("architecture", e.architecture().toText());
            context.put("engine", result.network().usesFastNetwork()
                    ? "java-vector (" + result.network().backend().kernels() + ")" : "dl4j");
            context.put("backend", result.network().backend().backend());
            context.put("native_build", result.network().backend().nativeBuild());
            context.put("threads", result.network().backend().threads());
            context.put("kernels", result.network().backend().kernels());
            context.put("cpu", result.network().backend().cpu());
            context.put("gpu", result.network().backend().gpu());
            context.put("git_commit", commit);
            context.put("java", System.getProperty("java.version"));
            RunRecord.writeSummary(dir, RunRecord.summarise(e.name(), result.history(), verdict,
                    result.history().epochs().stream().mapToDouble(EpochMetrics::seconds).sum(), context));
            System.out.println(verdict.describe());
            System.out.println("wrote " + dir.resolve(RunRecord.HISTORY) + ", " + dir.resolve(RunRecord.SUMMARY)
                    + ", " + checkpoints.resolve("best.zip"));
        }
        return 0;
    }

    private Experiment recipe() {
        Experiment e = Experiments.byName(experiment);
        if (epochs != null) e = e.withEpochs(epochs);
        if (batch != null) e = e.withBatchSize(batch);
        if (lr != null) e = e.withSchedule(LrSchedule.constant(lr));
        if (augment != null) e = e.withAugmentation(Augmentations.byName(augment));
        if (model != null) {
            e = e.withArchitecture(model.contains(" : ") ? Architecture.parse(model) : Models.byName(model));
        }
        if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        return e;
    }

    private static void deleteQuietly(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // not empty or not ours to delete: leave it
        }
    }

    /** Prints the per-epoch line and keeps history.csv current, so an interrupted run still has its epochs. */
    private static final class EpochLog implements TrainingListener {
        private final Path dir;
        private final int epochs;

        EpochLog(Path dir, int epochs) {
            this.dir = dir;
            this.epochs = epochs;
        }

        @Override
        public void onEpoch(EpochMetrics metrics, TrainingHistory history) {
            System.out.println(EpochLine.format(metrics, epochs));
            try {
                RunRecord.writeHistory(dir, history);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        @Override
        public void onNewBest(EpochMetrics metrics) {
            System.out.printf("  new best: %.2f%% (checkpoint saved)%n", metrics.testAccuracy());
        }
    }
}
