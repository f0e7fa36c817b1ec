package org.mnistlab.notebook;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.Seeds;
import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.data.MnistDataset;
import org.mnistlab.model.Network;
import org.mnistlab.report.DigitImage;
import org.mnistlab.report.Results;
import org.mnistlab.report.SweepSummary;
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

    /** The small model file a committed run keeps for notebooks: its best weights, no training state. */
    public static final String COMMITTED_MODEL = "final-model.zip";

    private Lab() {
    }

    /**
     * Trains {@code experiment} as {@code mode} says (quick: fewer epochs and images), with the live progress line
     * and chart, and returns the result.
     */
    public static TrainingResult train(Experiment experiment, MnistData data, RunMode mode, long seed) {
        return train(experiment, experiment.architecture().build(seed), data, mode, seed);
    }

    /**
     * Trains a network you built yourself (for example with DL4J's own builder and {@link Network#of}) with
     * {@code experiment}'s recipe, as {@link #train(Experiment, MnistData, RunMode, long)} trains the experiment's
     * own model; {@code seed} orders and augments the batches.
     */
    public static TrainingResult train(Experiment experiment, Network net, MnistData data, RunMode mode, long seed) {
        return train(experiment, net, data, mode, seed, new LiveTraining());
    }

    static TrainingResult train(Experiment experiment, Network net, MnistData data, RunMode mode, long seed,
                                LiveTraining live) {
        Experiment e = mode.apply(experiment);
        MnistDataset train = mode.trainLimit() > 0 ? data.train().limit(mode.trainLimit()) : data.train();
        // What runs, said where the figures appear; a quick run is labelled so it is never taken for the result.
        Notebook.markdown(String.format(Locale.ROOT, "**%s:** %d epochs on %,d training images%s · %s%s%s",
                mode.full() ? "Full mode" : "Quick mode", e.epochs(), train.size(),
                data.hasValidation() ? String.format(Locale.ROOT, ", choosing on %,d validation images",
                        data.validation().size()) : "",
                net.engine().isJavaVector() ? "MNIST Lab's Java engine" : "DL4J's own layers",
                Display.auto().kernel().map(k -> " · " + k + " kernel").orElse(""),
                mode.full() ? "" : " · *a smoke test, not the result*"));
        try (MnistBatches trainBatches = MnistBatches.of(train).batchSize(e.batchSize()).shuffle(seed)
                .augment(e.augmentation()).build();
             MnistBatches validationBatches = data.hasValidation() ? MnistBatches.inOrder(data.validation(), 1000)
                     : null;
             MnistBatches testBatches = MnistBatches.inOrder(data.test(), 1000)) {
            return e.trainer(seed).listener(live).build()
                    .fit(net, trainBatches, validationBatches, testBatches);
        }
    }

    /**
     * Labels the figures that follow as a quick run's when {@code mode} is quick ("Quick mode (2 epochs on all
     * 60,000 training images): a smoke test, not the experiment's result."); shows nothing in full mode.
     */
    public static void labelIfQuick(RunMode mode) {
        if (!mode.full()) Notebook.markdown("*" + mode.quickLabel() + "*");
    }

    /** Predictions of {@code network} on every image of {@code dataset}. */
    public static Evaluation evaluate(Network network, MnistDataset dataset) {
        try (MnistBatches batches = MnistBatches.inOrder(dataset, 1000)) {
            return Evaluation.of(network, batches.epoch(1));
        }
    }

    /** The {@code count} most confident mistakes, captioned "true 4 -> pred 9 (0.87)". */
    public static List<DigitImage> misclassified(Evaluation evaluation, MnistDataset dataset, int count) {
        return misclassified(evaluation, dataset, evaluation.misclassified(), count);
    }

    /** The first {@code count} of the images {@code wrong} (indices into {@code dataset}), captioned as mistakes. */
    static List<DigitImage> misclassified(Evaluation evaluation, MnistDataset dataset, int[] wrong, int count) {
        List<DigitImage> digits = new ArrayList<>();
        for (int i : wrong) {
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

    /**
     * The run's headline figures as a sentence, generated from the history so it is always true. The target is
     * judged only when the run has the epochs it judges (a quick run of 2 epochs has no "last 3").
     */
    public static String describe(TrainingHistory history, long trainableParams) {
        Target target = Target.standard();
        EpochMetrics best = history.best().orElseThrow();
        EpochMetrics last = history.last();
        int n = target.lastEpochs();
        String verdict;
        if (history.size() < n) {
            verdict = String.format(Locale.ROOT, "With %d epoch%s the target is not judged: it needs the lowest of "
                    + "the last %d.", history.size(), history.size() == 1 ? "" : "s", n);
        } else {
            TargetVerdict v = target.judge(history, trainableParams);
            verdict = history.hasValidation()
                    ? String.format(Locale.ROOT, "Lowest of the last %d epochs: validation %.2f%%, test %.2f%% (%s "
                            + "on test).", n, history.minValidationAccuracyOfLast(n), v.minLastAccuracy(),
                    v.met() ? "target met" : "target missed")
                    : String.format(Locale.ROOT, "Lowest test accuracy over the last %d epochs %.2f%%. %s.", n,
                    v.minLastAccuracy(), v.met() ? "Target met" : "Target missed");
        }
        if (history.hasValidation()) {
            return String.format(Locale.ROOT, "%d epochs, %,d trainable parameters. Best epoch on validation: %d "
                            + "(validation %.2f%%, test %.2f%%); last epoch: train %.2f%%, validation %.2f%% "
                            + "(gap %+.2f points). %s", history.size(), trainableParams, best.epoch(),
                    best.validationAccuracy(), best.testAccuracy(), last.trainAccuracy(), last.validationAccuracy(),
                    last.trainAccuracy() - last.validationAccuracy(), verdict);
        }
        return String.format(Locale.ROOT, "%d epochs, %,d trainable parameters. Best test accuracy %.2f%% (epoch %d); "
                        + "last epoch: train %.2f%%, test %.2f%% (gap %+.2f points). %s", history.size(),
                trainableParams, best.testAccuracy(), best.epoch(), last.trainAccuracy(), last.testAccuracy(),
                last.trainAccuracy() - last.testAccuracy(), verdict);
    }

    /**
     * Shows the committed full runs of a lesson's recipe from the lessons sweep ({@code results/sweeps/lessons/}):
     * one sentence per seed (the lesson's own run, drawn live, is seed 1). Says so plainly when there is none yet.
     *
     * <p>Example: {@code Lab.showLessonRuns("04-gap");}
     */
    public static void showLessonRuns(String variant) {
        CommittedRuns.showLessonRuns(variant);
    }

    /**
     * A "Try it yourself" run: {@code mine} trained as the lesson's run was, then shown against it in one chart (its
     * live chart turns into the comparison when training ends) with one sentence each.
     *
     * <p>Example: {@code Lab.tryIt(mine, "yours: lr 0.05").against(run, "lesson: lr 0.01").train(mnist, mode, 1);}
     */
    public static TryIt tryIt(Experiment mine, String name) {
        return new TryIt(mine, name, null, null);
    }

    /**
     * How long the lesson's own run took in this notebook, so a student knows what the next cell will cost: it
     * trains the same way.
     */
    public static void showRunTime(TrainingResult lessonRun) {
        Notebook.markdown(String.format(Locale.ROOT, "**Run time.** The lesson's run above took **%.0f s** here "
                        + "(%d epoch%s); the cell below trains the same way, so it takes about as long.",
                lessonRun.seconds(), lessonRun.history().size(), lessonRun.history().size() == 1 ? "" : "s"));
    }

    /**
     * The committed model of one run of a sweep ({@code results/sweeps/SWEEP/VARIANT/SEED/final-model.zip}: the
     * weights after its last epoch) evaluated on the test set here, against the accuracy its {@code history.csv}
     * records for that epoch, with its confusion matrix and its most confident mistakes.
     *
     * <p>Example: {@code Lab.showCommittedModel("confirmation", "final", 101, mnist);}
     */
    public static void showCommittedModel(String sweep, String variant, int seed, MnistData data) {
        CommittedRuns.showCommittedModel(sweep, variant, seed, data);
    }

    /**
     * The committed model of one run of a sweep ({@code results/sweeps/SWEEP/VARIANT/SEED/final-model.zip}).
     *
     * <p>Example: {@code Network finalModel = Lab.committedModel("confirmation", "final", 101);}
     */
    public static Network committedModel(String sweep, String variant, int seed) {
        return CommittedRuns.committedModel(sweep, variant, seed);
    }

    /**
     * The spread over seeds of several lesson recipes' committed runs (the lessons sweep), side by side: a table and
     * the chart of every seed's lowest test accuracy of the last 3 epochs.
     *
     * <p>Example: {@code Lab.showSpread("02-batchnorm", "03-dropout");}
     */
    public static void showSpread(String... variants) {
        CommittedRuns.showSpread(Results.find().sweep(Results.LESSONS).spread(variants));
    }

    /** A spread's table and chart. */
    public static void showSpread(SweepSummary spread) {
        CommittedRuns.showSpread(spread);
    }

    /**
     * A committed sweep ({@code results/sweeps/NAME/}): its summary table and spread chart, as
     * {@code ./mnistlab run sweep} wrote them.
     *
     * <p>Example: {@code Lab.showSweep("confirmation");}
     */
    public static void showSweep(String name) {
        CommittedRuns.showSweep(name);
    }

    /**
     * A record kept from before this tutorial chose on validation ({@code results/records/NAME/}): the summary of a
     * search that ranked its runs on the test set.
     *
     * <p>Example: {@code Lab.showRecord("final-recipe");}
     */
    public static void showRecord(String name) {
        CommittedRuns.showRecord(name);
    }

    /**
     * A committed sweep's summary table alone, without its chart; false (and a sentence saying so) when it is not
     * there.
     *
     * <p>Example: {@code Lab.showSweepTable("lessons");}
     */
    public static boolean showSweepTable(String name) {
        return CommittedRuns.showSweepTable(name);
    }

    /**
     * Which of the last 3 epochs is the lowest on test, counted over the committed seeds of one variant of a sweep:
     * where the target is won or lost.
     *
     * <p>Example: {@code Lab.showLowestOfTheLastEpochs("confirmation", "final");}
     */
    public static void showLowestOfTheLastEpochs(String sweep, String variant) {
        CommittedRuns.showLowestOfTheLastEpochs(sweep, variant);
    }
}
