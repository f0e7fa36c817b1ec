package org.mnistlab.cli;

import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.data.MnistDataset;
import org.mnistlab.model.EngineChoice;
import org.mnistlab.model.Network;
import org.mnistlab.model.engine.JavaEngine;
import org.mnistlab.report.EpochLine;
import org.mnistlab.report.ProgressBar;
import org.mnistlab.train.Checkpoints;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Experiment;
import org.mnistlab.train.RecipeRecord;
import org.mnistlab.train.RunEnvironment;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RunSummary;
import org.mnistlab.train.Target;
import org.mnistlab.train.TargetVerdict;
import org.mnistlab.train.Trainer;
import org.mnistlab.train.TrainingHistory;
import org.mnistlab.train.TrainingListener;
import org.mnistlab.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;

/**
 * {@code train}: runs one experiment and writes {@code history.csv}, {@code summary.json} and checkpoints.
 *
 * <p>Example: {@code train --experiment 09-weight-average --seed 2 --out runs/final/2}
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one experiment; print one line per epoch; write history.csv, "
        + "summary.json and the best checkpoint.")
final class TrainCommand implements Callable<Integer> {

    @Mixin
    RecipeOptions recipe = new RecipeOptions();

    @Option(names = "--seed", defaultValue = "1", description = "Seed for weights, batch order, augmentation, "
            + "dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder (default: runs/<experiment>/<seed>).")
    Path out;

    @Option(names = "--resume", description = "Continue the interrupted run stored in the output folder.")
    boolean resume;

    @Option(names = "--force", description = "Overwrite a finished run in the output folder.")
    boolean force;

    @Option(names = "--stop-after", paramLabel = "EPOCH", description = "Stop after this epoch, with the schedule "
            + "of all the planned epochs: the run's first epochs exactly as the whole run trains them (--resume "
            + "continues it). No summary.json is written until the last epoch.")
    Integer stopAfter;

    @Mixin
    EngineOption engine = new EngineOption();

    @Override
    public Integer call() throws IOException {
        String commit = GitInfo.commit(); // the code that runs, read before anyone can edit the checkout
        Experiment e = recipe.recipe();
        if (stopAfter != null && (stopAfter < 1 || stopAfter > e.epochs())) {
            throw new IllegalArgumentException("--stop-after must be between 1 and the run's " + e.epochs()
                    + " epochs, got " + stopAfter);
        }
        EngineChoice choice = engine.choice(); // a bad setting fails here, before any folder is made
        Integer limit = recipe.limit;
        Path dir = out != null ? out : Path.of("runs", e.name(), Long.toString(seed));
        Path checkpoints = dir.resolve("checkpoints");
        if (!resume && !force && Files.exists(dir.resolve(RunRecord.SUMMARY))) {
            throw new IllegalArgumentException(dir + " already holds a finished run; use --force to overwrite it "
                    + "or --out to choose another folder");
        }
        boolean stored = Checkpoints.in(checkpoints).hasState();
        if (resume && !stored) throw new IllegalArgumentException("nothing to resume in " + checkpoints);
        if (!resume && !force && stored) {
            throw new IllegalArgumentException(dir + " holds an interrupted run: --resume continues it, --force "
                    + "starts afresh and overwrites it");
        }
        boolean created = !Files.exists(dir);
        Checkpoints.in(dir).checkWritable(); // fails now, not after minutes of training
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalArgumentException(dir + " is being trained by another process (it holds "
                        + dir.resolve(LOCK) + ")");
            }
            return train(e, choice, limit, dir, checkpoints, created, commit);
        }
    }

    /** A run holds this file locked while it trains, so that no second process trains into the same folder. */
    static final String LOCK = ".lock";

    private int train(Experiment e, EngineChoice choice, Integer limit, Path dir, Path checkpoints, boolean created,
                      String commit)
            throws IOException {
        MnistData data;
        try {
            data = MnistData.load();
        } catch (RuntimeException ex) {
            if (created) { // leave nothing half-made behind
                deleteQuietly(dir.resolve(LOCK));
                deleteQuietly(dir);
            }
            throw ex;
        }
        if (limit != null) data = new MnistData(data.train().limit(limit), data.test());
        if (recipe.validation) data = data.holdOutValidation();
        MnistDataset train = data.train();
        Network net = e.architecture().build(seed, choice);
        // Another engine sums in another order: a resumed run would not be the run it continues.
        RecipeRecord recipeRecord = RecipeRecord.of(e, train.size(),
                data.hasValidation() ? data.validation().size() : 0, seed)
                .ranOn(net.engine().name(), net.engine().arithmetic());
        Path recorded = dir.resolve(RunRecord.RECIPE);
        if (resume && Files.isRegularFile(recorded)) {
            String difference = RunRecord.readRecipe(recorded).mismatch(recipeRecord);
            if (difference != null) {
                throw new IllegalArgumentException("cannot resume " + dir + " with another recipe: " + difference
                        + "; resume with the options it started with, or start afresh with --force");
            }
        } else if (resume) {
            System.out.println("note: " + dir + " has no " + RunRecord.RECIPE + " (an older run): resuming "
                    + "without checking that the recipe is the same");
        } else {
            RunRecord.writeRecipe(dir, recipeRecord);
        }
        System.out.println(e.describe());
        System.out.printf("data: %,d training images, %s%,d test images; output: %s%n", train.size(),
                data.hasValidation() ? String.format("%,d validation images (choose on these), ", data.validation().size())
                        : "", data.test().size(), dir);

        System.out.println("engine: " + net.engine().describe());
        System.out.println("backend: " + net.backend().describe());
        Trainer.Builder builder = e.trainer(seed).engine(choice).checkpointDir(checkpoints)
                .listener(new ProgressBar())
                .listener(new EpochLog(dir, e.epochs()));
        if (stopAfter != null) builder.stopAfterEpoch(stopAfter);
        Trainer trainer = builder.build();
        try (MnistBatches trainBatches = MnistBatches.of(train).batchSize(e.batchSize()).shuffle(seed)
                .augment(e.augmentation()).build();
             MnistBatches validationBatches = data.hasValidation() ? MnistBatches.inOrder(data.validation(), 1000)
                     : null;
             MnistBatches testBatches = MnistBatches.inOrder(data.test(), 1000)) {
            TrainingResult result = resume ? trainer.resume(trainBatches, validationBatches, testBatches)
                    : trainer.fit(net, trainBatches, validationBatches, testBatches);
            // Written again from the run's own history: a run stopped after its last checkpoint and before its
            // history was written resumes with nothing left to train, and still needs every epoch on record.
            RunRecord.writeHistory(dir, result.history());
            if (result.history().size() < e.epochs()) {
                System.out.println("stopped after epoch " + result.history().size() + " of " + e.epochs()
                        + " (--stop-after); --resume continues the run");
                return 0;
            }
            TargetVerdict verdict = result.verdict(Target.standard());
            Network trained = result.network();
            RunEnvironment environment = new RunEnvironment(trained.backend().backend(),
                    trained.backend().nativeBuild(), trained.engine().isJavaVector() ? JavaEngine.threads()
                    : trained.backend().threads(), trained.backend().cpu(), trained.backend().gpu(), commit,
                    System.getProperty("java.version"));
            RunRecord.writeSummary(dir, RunSummary.of(e.name(), result.history(), verdict,
                    result.history().epochs().stream().mapToDouble(EpochMetrics::seconds).sum(),
                    recipeRecord.ranOn(trained.engine().describe(), trained.engine().arithmetic()),
                    data.test().size(), environment));
            System.out.println(verdict.describe());
            System.out.println("wrote " + dir.resolve(RunRecord.HISTORY) + ", " + dir.resolve(RunRecord.SUMMARY)
                    + ", " + checkpoints.resolve("best.zip"));
        }
        return 0;
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
            System.out.printf(metrics.hasValidation() ? "  new best on validation: %.2f%% (checkpoint saved)%n"
                    : "  new best: %.2f%% (checkpoint saved)%n", metrics.choiceAccuracy());
        }
    }
}
