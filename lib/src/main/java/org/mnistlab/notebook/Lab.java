package org.mnistlab.notebook;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.Seeds;
import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.data.MnistDataset;
import org.mnistlab.model.Network;
import org.mnistlab.report.Charts;
import org.mnistlab.report.DigitImage;
import org.mnistlab.report.Results;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.report.Tables;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Evaluation;
import org.mnistlab.train.Experiment;
import org.mnistlab.train.RunMode;
import org.mnistlab.train.Target;
import org.mnistlab.train.TargetVerdict;
import org.mnistlab.train.TrainingHistory;
import org.mnistlab.train.TrainingResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The steps every tutorial notebook takes, one call each, so a notebook holds only its experiment.
 *
 * <p>Example:
 * <pre>{@code
 * TrainingResult run = Lab.train(Experiments.gap(), mnist, RunMode.fromEnvironment(), 1);
 * Lab.showFullRun("04-gap");
 * }</pre>
 */
public final class Lab {

    private Lab() {
    }

    /**
     * Trains {@code experiment} as {@code mode} says (quick: fewer epochs and images), with the live progress line
     * and chart, and returns the result.
     */
    public static TrainingResult train(Experiment experiment, MnistData data, RunMode mode, long seed) {
        Experiment e = mode.apply(experiment);
        MnistDataset train = mode.trainLimit() > 0 ? data.train().limit(mode.trainLimit()) : data.train();
        Network net = e.architecture().build(seed);
        try (MnistBatches trainBatches = MnistBatches.of(train).batchSize(e.batchSize()).shuffle(seed)
                .augment(e.augmentation()).build();
             MnistBatches testBatches = MnistBatches.inOrder(data.test(), 1000)) {
            return e.trainer(seed).listener(new LiveTraining()).build().fit(net, trainBatches, testBatches);
        }
    }

    /** Predictions of {@code network} on every image of {@code dataset}. */
    public static Evaluation evaluate(Network network, MnistDataset dataset) {
        try (MnistBatches batches = MnistBatches.inOrder(dataset, 1000)) {
            return Evaluation.of(network, batches.epoch(1));
        }
    }

    /** The {@code count} most confident mistakes, captioned "true 4 -> pred 9 (0.87)". */
    public static List<DigitImage> misclassified(Evaluation evaluation, MnistDataset dataset, int count) {
        List<DigitImage> digits = new ArrayList<>();
        for (int i : evaluation.misclassified()) {
            if (digits.size() == count) break;
            digits.add(DigitImage.misclassified(dataset.rawImage(i), evaluation.labels()[i],
                    evaluation.predictions()[i], evaluation.confidence()[i]));
        }
        return digits;
    }

    /** The first {@code perClass} images of each digit, 0 to 9, row by row. */
    public static List<DigitImage> samplesPerClass(MnistDataset dataset, int perClass) {
        List<DigitImage> digits = new ArrayList<>();
        for (int digit = 0; digit < MnistDataset.CLASSES; digit++) {
            int found = 0;
            for (int i = 0; i < dataset.size() && found < perClass; i++) {
                if (dataset.label(i) == digit) {
                    digits.add(DigitImage.of(dataset.rawImage(i), Integer.toString(digit)));
                    found++;
                }
            }
        }
        return digits;
    }

    /** Image {@code index} as it is, then {@code count} draws of {@code augmentation} applied to it. */
    public static List<DigitImage> augmented(MnistDataset dataset, int index, Augmentation augmentation, int count,
                                             long seed) {
        List<DigitImage> digits = new ArrayList<>();
        float[] image = dataset.image(index);
        digits.add(DigitImage.ofScaled(image, "original"));
        for (int k = 0; k < count; k++) {
            float[] out = augmentation.apply(image, MnistDataset.ROWS, MnistDataset.COLS,
                    new SplittableRandom(Seeds.forSample(seed, k, index)));
            digits.add(DigitImage.ofScaled(out, "draw " + (k + 1)));
        }
        return digits;
    }

    /** The run's headline figures as a sentence, generated from the history so it is always true. */
    public static String describe(TrainingHistory history, long trainableParams) {
        TargetVerdict v = Target.standard().judge(history, trainableParams);
        EpochMetrics best = history.best().orElseThrow();
        EpochMetrics last = history.last();
        return String.format(Locale.ROOT, "%d epochs, %,d trainable parameters. Best test accuracy %.2f%% (epoch %d); "
                        + "last epoch: train %.2f%%, test %.2f%% (gap %+.2f points); lowest test accuracy over the "
                        + "last 3 epochs %.2f%%. %s.", history.size(), trainableParams, best.testAccuracy(),
                best.epoch(), last.trainAccuracy(), last.testAccuracy(), last.trainAccuracy() - last.testAccuracy(),
                v.minLastAccuracy(), v.met() ? "Target met" : "Target missed");
    }

    /**
     * Shows the committed full run(s) of {@code experiment} from {@code results/}: one sentence and the
     * history table per seed, and the 2x2 curves of the first. Says so plainly when there is none yet.
     */
    public static void showFullRun(String experiment) {
        List<Results.Run> runs = Results.find().forExperiment(experiment);
        if (runs.isEmpty()) {
            Notebook.markdown("**Full run:** no committed full run of `" + experiment + "` in `results/` yet. "
                    + "Run it with `./mnistlab run train --experiment " + experiment + " --seed 1 --out results/"
                    + experiment + "/1`.");
            return;
        }
        SweepSummary.VariantResult spread = Results.find().spread(experiment).variants().get(0);
        Notebook.markdown(String.format(Locale.ROOT, "**Full runs of `%s`, %d seeds** (committed in `results/%s/`, "
                        + "each made by `./mnistlab run train --experiment %s --seed N`): the target met on **%d of %d**; "
                        + "lowest test accuracy of the last 3 epochs **%.2f %% on average**, from %.2f to %.2f %%.",
                experiment, runs.size(), experiment, experiment, spread.passed(), runs.size(), spread.meanMinLast(),
                spread.lowestMinLast(), spread.highestMinLast()));
        StringBuilder seeds = new StringBuilder();
        for (Results.Run r : runs) {
            seeds.append("* seed ").append(r.seed()).append(": ").append(describe(r.history(), r.trainableParams()))
                    .append('\n');
        }
        Notebook.markdown(seeds.toString());
        Notebook.markdown("Seed " + runs.get(0).seed() + ", epoch by epoch:");
        Notebook.show(Tables.history(runs.get(0).history()));
        Notebook.show(Charts.trainingCurves(runs.get(0).history()));
    }

    /**
     * The spread over seeds of several experiments' committed runs, side by side: a table and the chart of every
     * seed's lowest test accuracy of the last 3 epochs.
     */
    public static void showSpread(String... experiments) {
        SweepSummary spread = Results.find().spread(experiments);
        Notebook.markdown(spread.markdown());
        Notebook.show(spread.chart());
    }
}
