package org.mnistlab.notebook;

import org.mnistlab.report.EffectCharts;
import org.mnistlab.report.PairedDifference;
import org.mnistlab.report.Results;
import org.mnistlab.report.StepEffects;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.report.SweepSummary.VariantResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a lesson's change did, read from the lessons sweep ({@code results/sweeps/lessons/}): every lesson's recipe
 * trained on the same five seeds, so a change is measured seed by seed, as a paired difference with its 95 %
 * interval, on validation (where choices are made) with the test figures for the record.
 *
 * <p>Example: {@code Effects.show("04-gap", "05-augmentation");}
 */
public final class Effects {

    private Effects() {
    }

    /** The step from {@code before} to {@code after}: both spreads, the seeds before and after, and the verdict. */
    public static void show(String before, String after) {
        SweepSummary spread = lessons().spread(before, after);
        VariantResult a = spread.variants().get(0), b = spread.variants().get(1);
        Notebook.markdown(spread.table("Lesson's recipe")); // a step is measured, not chosen: no "chosen" line
        StepEffects.Step step = StepEffects.between(a, b).orElse(null);
        if (step == null) {
            Notebook.markdown("*Fewer than two seeds of both are committed yet: no effect to measure. Train them with "
                    + "`./mnistlab run sweep results/sweeps/lessons/sweep.txt`.*");
            return;
        }
        Notebook.show(EffectCharts.pairedSeeds(a, b));
        Notebook.markdown(sentence(step));
    }

    /**
     * The weight average's own step: the same runs of {@code variant} judged on the moving average of their weights
     * against their raw weights, which trained exactly alike.
     */
    public static void showWeightAverage(String variant) {
        StepEffects effects = StepEffects.of(lessons().spread(variant));
        if (effects.steps().isEmpty()) {
            Notebook.markdown("*No committed run of `" + variant + "` records its raw weights' figures yet.*");
            return;
        }
        Notebook.markdown(sentence(effects.steps().get(effects.steps().size() - 1)));
    }

    /**
     * Every step of the lessons sweep, in lesson order: the table of paired differences and the chart of their
     * intervals.
     *
     * @param steps pairs of variant names, {@code before, after, before, after, ...}
     */
    public static void showAll(String... steps) {
        if (steps.length % 2 != 0) throw new IllegalArgumentException("steps come in pairs: before, after");
        Results lessons = lessons();
        List<StepEffects.Step> measured = new ArrayList<>();
        for (int i = 0; i < steps.length; i += 2) {
            SweepSummary s = lessons.spread(steps[i], steps[i + 1]);
            StepEffects.between(s.variants().get(0), s.variants().get(1)).ifPresent(measured::add);
            if (i + 2 == steps.length) { // the last recipe's own weight average, when it has one
                List<StepEffects.Step> own = StepEffects.of(lessons.spread(steps[i + 1])).steps();
                measured.addAll(own);
            }
        }
        StepEffects effects = new StepEffects(measured);
        if (effects.steps().isEmpty()) {
            Notebook.markdown("*No step has two committed seeds on both sides yet.*");
            return;
        }
        Notebook.markdown(effects.markdown());
        Notebook.show(EffectCharts.steps(effects));
    }

    /** One sentence: the effect on validation with its interval and verdict, and the test's for the record. */
    static String sentence(StepEffects.Step step) {
        PairedDifference v = step.validation(), t = step.test();
        String verdict = "**" + step.verdict().words(t.seeds()) + "**: " + switch (step.verdict()) {
            case BETTER -> "the whole interval is above zero";
            case WORSE -> "the whole interval is below zero";
            case NO_MEASURABLE_DIFFERENCE -> "the interval covers zero";
        };
        return String.format(Locale.ROOT, "**%s against %s, %d paired seeds.** On validation, the lowest accuracy of "
                        + "the last 3 epochs moves by **%+.2f points** (95 %% interval %+.2f to %+.2f): %s. On test, "
                        + "for the record only: %+.2f points (%+.2f to %+.2f).", step.name(), step.against(),
                t.seeds(), v == null ? Double.NaN : v.mean(), v == null ? Double.NaN : v.low(),
                v == null ? Double.NaN : v.high(), verdict, t.mean(), t.low(), t.high());
    }

    private static Results lessons() {
        return Results.find().sweep(Results.LESSONS);
    }
}
