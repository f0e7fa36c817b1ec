package org.mnistlab.notebook;

import org.mnistlab.report.PairedDifference;
import org.mnistlab.report.PairedDifference.Verdict;
import org.mnistlab.report.Results;
import org.mnistlab.report.StepEffects;
import org.mnistlab.report.SweepSummary;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What each technique contributed, as one table: each lesson's step measured on the lessons sweep's paired seeds
 * (validation, with its 95 % interval), beside a one-sentence take-away. Each take-away is written for a verdict, and
 * the table refuses to show a take-away whose verdict the runs do not give: prose cannot drift from the data.
 *
 * <p>Example: {@code Contributions.from("01-baseline").step("02-batchnorm", "BatchNorm", Verdict.BETTER, "…").show();}
 */
public final class Contributions {

    private record Row(String technique, StepEffects.Step step, Verdict claimed, String takeaway) {
    }

    private final Results lessons;
    private final List<Row> rows = new ArrayList<>();
    private String previous;

    private Contributions(Results lessons, String baseline) {
        this.lessons = lessons;
        this.previous = baseline;
    }

    /** A table whose first step is measured against {@code baseline}, from the committed lessons sweep. */
    public static Contributions from(String baseline) {
        return new Contributions(Results.find().sweep(Results.LESSONS), baseline);
    }

    /** The step to {@code variant} from the previous one (by its raw weights when it is weight-averaged). */
    public Contributions step(String variant, String technique, Verdict claimed, String takeaway) {
        return step(variant, previous, technique, claimed, takeaway);
    }

    /** The step to {@code variant} from {@code against}. */
    public Contributions step(String variant, String against, String technique, Verdict claimed, String takeaway) {
        SweepSummary s = lessons.spread(against, variant);
        StepEffects.Step step = StepEffects.between(s.variants().get(0), s.variants().get(1))
                .orElseThrow(() -> new IllegalStateException(variant + " against " + against
                        + ": fewer than two committed seeds on both sides"));
        rows.add(new Row(technique, step, claimed, takeaway));
        previous = variant;
        return this;
    }

    /** The weight average of {@code variant} against its own raw weights, in the same runs. */
    public Contributions weightAverage(String variant, String technique, Verdict claimed, String takeaway) {
        List<StepEffects.Step> own = StepEffects.of(lessons.spread(variant)).steps();
        if (own.isEmpty()) throw new IllegalStateException(variant + " records no raw weights' figures");
        rows.add(new Row(technique, own.get(own.size() - 1), claimed, takeaway));
        return this;
    }

    /**
     * The table in Markdown.
     *
     * @throws IllegalStateException when a step's measured verdict is not the one its take-away was written for
     */
    public String markdown() {
        StringBuilder sb = new StringBuilder("| Technique | Step | Δ validation, points (95 % interval) | Verdict | "
                + "Take-away |\n|---|---|---:|---|---|\n");
        for (Row r : rows) {
            PairedDifference v = r.step().validation();
            if (v == null) throw new IllegalStateException(r.step().name() + " has no validation figures");
            if (v.verdict() != r.claimed()) {
                throw new IllegalStateException("the take-away for " + r.technique() + " was written for \""
                        + r.claimed().words(v.seeds()) + "\", but the runs say \"" + v.verdict().words(v.seeds())
                        + "\": rewrite it");
            }
            sb.append(String.format(Locale.ROOT, "| %s | `%s` ← `%s` | %+.2f (%+.2f to %+.2f) | %s | %s |%n",
                    r.technique(), r.step().name(), r.step().against(), v.mean(), v.low(), v.high(),
                    v.verdict().words(v.seeds()), r.takeaway()));
        }
        return sb.toString();
    }

    public void show() {
        Notebook.markdown(markdown());
    }
}
