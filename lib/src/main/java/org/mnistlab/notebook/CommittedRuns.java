package org.mnistlab.notebook;

import org.mnistlab.data.MnistData;
import org.mnistlab.model.Network;
import org.mnistlab.report.ChartImage;
import org.mnistlab.report.Charts;
import org.mnistlab.report.Results;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Evaluation;
import org.mnistlab.train.Target;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a notebook shows of the committed runs under {@code results/}: a lesson's full runs, a sweep's table and chart,
 * a record, a committed model evaluated here. {@link Lab} is the notebooks' way in.
 */
final class CommittedRuns {

    private CommittedRuns() {
    }

    /**
     * Shows the committed full runs of a lesson's recipe from the lessons sweep ({@code results/sweeps/lessons/}):
     * one sentence per seed (the lesson's own run, drawn live, is seed 1). Says so plainly when there is none yet.
     */
    static void showLessonRuns(String variant) {
        Results lessons = Results.find().sweep(Results.LESSONS);
        List<Results.Run> runs = lessons.forExperiment(variant);
        if (runs.isEmpty()) {
            Notebook.markdown("**Full runs:** no committed run of `" + variant + "` in `results/sweeps/lessons/` yet. "
                    + "Train them with `./mnistlab run sweep results/sweeps/lessons/sweep.txt`.");
            return;
        }
        SweepSummary.VariantResult spread = lessons.spread(variant).variants().get(0);
        Notebook.markdown(String.format(Locale.ROOT, "**Full runs of `%s`, %d seeds** (`results/sweeps/lessons/%s/`, "
                        + "made by `./mnistlab run sweep results/sweeps/lessons/sweep.txt`; each trained on the 50,000 "
                        + "training images, chosen on the 10,000 validation images): lowest validation accuracy of the "
                        + "last %d epochs **%.2f %% on average**; on test, for the record, %.2f %% (from %.2f to %.2f %%), "
                        + "the target met on %d of %d.", variant, runs.size(), variant, Target.standard().lastEpochs(),
                spread.meanMinLastValidation(), spread.meanMinLast(), spread.lowestMinLast(), spread.highestMinLast(),
                spread.passed(), runs.size()));
        StringBuilder seeds = new StringBuilder();
        for (Results.Run r : runs) {
            seeds.append("* seed ").append(r.seed()).append(": ").append(Lab.describe(r.history(), r.trainableParams()))
                    .append('\n');
        }
        Notebook.markdown(seeds.toString());
    }

    /**
     * The committed model of one run of a sweep ({@code results/sweeps/SWEEP/VARIANT/SEED/final-model.zip}: the
     * weights after its last epoch, the epoch the target judged last, written by {@code ./mnistlab run export})
     * evaluated on the test set here: its accuracy against the one its {@code history.csv} records for that epoch
     * (they must agree: it is the same model), its confusion matrix and its most confident mistakes.
     *
     * <p>Example: {@code Lab.showCommittedModel("confirmation", "final", 101, mnist);}
     */
    static void showCommittedModel(String sweep, String variant, int seed, MnistData data) {
        Results.Run run = Results.find().sweep(sweep).forExperiment(variant).stream().filter(r -> r.seed() == seed)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no committed run " + sweep + "/"
                        + variant + "/" + seed));
        String where = "results/sweeps/" + sweep + "/" + variant + "/" + seed + "/" + Lab.COMMITTED_MODEL;
        Network network = committedModel(sweep, variant, seed);
        Evaluation evaluation = Lab.evaluate(network, data.test());
        EpochMetrics last = run.history().last();
        Notebook.markdown(String.format(Locale.ROOT, "**The committed model of `%s`, seed %d** (`%s`, %,d trainable "
                        + "parameters): the weights after its last epoch, %d, for which `history.csv` records %.2f %% "
                        + "test accuracy. Evaluated here on the %,d test images: **%.2f %%**, %d mistakes.", variant,
                seed, where, network.architecture().trainableParameters(), last.epoch(), last.testAccuracy(),
                evaluation.size(), evaluation.accuracy(), evaluation.misclassified().length));
        Notebook.show(Charts.confusionMatrix(evaluation.confusionMatrix()));
        Notebook.show(Charts.digits("The committed model's most confident mistakes",
                Lab.misclassified(evaluation, data.test(), 24), 8));
    }

    /**
     * The committed model of one run of a sweep ({@code results/sweeps/SWEEP/VARIANT/SEED/final-model.zip}).
     *
     * <p>Example: {@code Network finalModel = Lab.committedModel("confirmation", "final", 101);}
     */
    static Network committedModel(String sweep, String variant, int seed) {
        Path file = Results.find().sweep(sweep).dir().resolve(variant).resolve(String.valueOf(seed))
                .resolve(Lab.COMMITTED_MODEL);
        try {
            return Network.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the committed model " + file + " (make it with "
                    + "./mnistlab run export --model <run>/checkpoints/last.zip --out " + file + ")", e);
        }
    }

    /** A spread's table and chart. */
    static void showSpread(SweepSummary spread) {
        Notebook.markdown(spread.markdown("Experiment"));
        if (spread.variants().stream().anyMatch(v -> !v.runs().isEmpty())) Notebook.show(spread.chart());
    }

    /**
     * A committed sweep ({@code results/sweeps/NAME/}): its summary table and spread chart, as
     * {@code ./mnistlab run sweep} wrote them.
     */
    static void showSweep(String name) {
        if (!showSweepTable(name)) return;
        Path dir = Results.find().dir().resolve(Results.SWEEPS).resolve(name);
        try {
            BufferedImage chart = ImageIO.read(dir.resolve(SweepSummary.CHART).toFile());
            if (chart != null) Notebook.show(new ChartImage("Sweep " + name, chart));
        } catch (IOException e) {
            Notebook.markdown("*The chart of sweep `" + name + "` could not be read (" + e.getMessage() + ").*");
        }
    }

    /**
     * A record kept from before this tutorial chose on validation ({@code results/records/NAME/}): the summary of a
     * search that ranked its runs on the test set. Its runs are in the git history; the record keeps its spec, its
     * table and its chart.
     *
     * <p>Example: {@code Lab.showRecord("final-recipe");}
     */
    static void showRecord(String name) {
        showSummary(Results.find().dir().resolve(Results.RECORDS).resolve(name), "**Record `" + name + "`**",
                "`results/records/" + name + "/`: ranked on the **test** set, kept as a record, not a choice");
    }

    /**
     * A committed sweep's summary table alone, without its chart; false (and a sentence saying so) when it is not
     * there.
     *
     * <p>Example: {@code Lab.showSweepTable("lessons");}
     */
    static boolean showSweepTable(String name) {
        return showSummary(Results.find().dir().resolve(Results.SWEEPS).resolve(name), "**Sweep `" + name + "`**",
                "`results/sweeps/" + name + "/`, spec `sweep.txt`; re-run or extend it with `./mnistlab run sweep "
                + "results/sweeps/" + name + "/sweep.txt`");
    }

    /** {@code title (where)}, then the {@code summary.md} in {@code dir}; false, saying so, when it is not there. */
    private static boolean showSummary(Path dir, String title, String where) {
        try {
            Notebook.markdown(title + " (" + where + "):\n\n" + Files.readString(dir.resolve(SweepSummary.MARKDOWN)));
            return true;
        } catch (IOException e) {
            Notebook.markdown(title + ": not found in `" + dir + "` (" + e.getMessage() + ").");
            return false;
        }
    }

    /**
     * Which of the last 3 epochs is the lowest on test, counted over the committed seeds of one variant of a sweep
     * (the first of them on a tie): where the target is won or lost.
     *
     * <p>Example: {@code Lab.showLowestOfTheLastEpochs("confirmation", "final");}
     */
    static void showLowestOfTheLastEpochs(String sweep, String variant) {
        int last = Target.standard().lastEpochs();
        Map<Integer, Integer> counts = new TreeMap<>();
        List<Results.Run> runs = Results.find().sweep(sweep).forExperiment(variant);
        for (Results.Run r : runs) {
            EpochMetrics lowest = null;
            for (EpochMetrics e : r.history().lastEpochs(last)) {
                if (lowest == null || e.testAccuracy() < lowest.testAccuracy()) lowest = e;
            }
            if (lowest != null) counts.merge(lowest.epoch(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("The lowest of the last " + last + " epochs on test, over the "
                + runs.size() + " seeds of `" + variant + "` (`results/sweeps/" + sweep + "/`):");
        counts.forEach((epoch, n) -> sb.append(" epoch ").append(epoch).append(" in ").append(n)
                .append(n == 1 ? " seed;" : " seeds;"));
        Notebook.markdown(sb.substring(0, sb.length() - 1) + ".");
    }
}
