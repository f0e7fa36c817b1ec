package org.mnistlab.report;

import org.mnistlab.report.SweepSummary.SeedResult;
import org.mnistlab.report.SweepSummary.VariantResult;
import org.mnistlab.train.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * What each step of a sweep changed: for every variant measured {@code against} another, the paired difference of
 * the lowest accuracy of the last epochs (the target's rule) over the seeds both finished, on validation (what a
 * choice is made on) and on test (for the record). A variant evaluated on a weight average adds one more step: the
 * average against its own raw weights, in the same runs.
 *
 * <p>Example: {@code StepEffects.of(SweepSummary.read(dir, plans)).markdown()}
 *
 * @param steps one per measured step, in the sweep's order
 */
public record StepEffects(List<Step> steps) {

    public static final String CSV = "effects.csv";

    public StepEffects {
        steps = List.copyOf(steps);
    }

    /**
     * One measured step.
     *
     * @param name       what changed: the variant's name, or {@code NAME: weight average} for the average's step
     * @param against    what it is measured against
     * @param validation the paired difference on validation, or null when a side has no validation figures
     * @param test       the paired difference on test: recorded, never chosen on
     */
    public record Step(String name, String against, PairedDifference validation, PairedDifference test) {
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(test, "test");
        }

        /** The verdict a lesson states: on validation when there is some, else on test. */
        public PairedDifference.Verdict verdict() {
            return (validation != null ? validation : test).verdict();
        }
    }

    /**
     * The steps of {@code summary}; a step whose two variants share fewer than two finished seeds is left out. A
     * variant that adds a weight average to its base is measured against it by its raw weights (the one change it
     * makes to training); a variant whose base is averaged too, by the averages both evaluate. Each averaged
     * variant's average is then measured against its own raw weights, in the same runs.
     */
    public static StepEffects of(SweepSummary summary) {
        Map<String, VariantResult> byName = summary.variants().stream()
                .collect(Collectors.toMap(v -> v.plan().name(), v -> v));
        List<Step> steps = new ArrayList<>();
        for (VariantResult v : summary.variants()) {
            String against = v.plan().against();
            boolean raw = hasRaw(v);
            if (against != null) {
                VariantResult base = byName.get(against);
                if (base == null) throw new IllegalArgumentException(v.plan().name() + " against unknown " + against);
                between(base, v).ifPresent(steps::add);
            }
            if (raw) {
                steps.add(new Step(v.plan().name() + ": weight average", v.plan().name() + ": raw weights",
                        diff(v.runs(), r -> r.raw().validation(), v.runs(), SeedResult::minLastValidation),
                        diff(v.runs(), r -> r.raw().test(), v.runs(), SeedResult::minLast)));
            }
        }
        return new StepEffects(steps);
    }

    /**
     * What {@code after} changed against {@code before}, over the seeds both finished (by {@code after}'s raw weights
     * when it adds a weight average that {@code before} lacks); empty with fewer than two such seeds.
     */
    public static java.util.Optional<Step> between(VariantResult before, VariantResult after) {
        Map<Long, SeedResult> afterBySeed = after.runs().stream().collect(Collectors.toMap(SeedResult::seed, r -> r));
        List<SeedResult> b = new ArrayList<>(), a = new ArrayList<>();
        for (SeedResult r : before.runs()) {
            if (afterBySeed.containsKey(r.seed())) {
                b.add(r);
                a.add(afterBySeed.get(r.seed()));
            }
        }
        if (b.size() < 2) return java.util.Optional.empty();
        boolean raw = hasRaw(after) && !hasRaw(before); // like with like: two averages compare as they are
        ToDoubleFunction<SeedResult> val = raw ? r -> r.raw().validation() : SeedResult::minLastValidation;
        ToDoubleFunction<SeedResult> test = raw ? r -> r.raw().test() : SeedResult::minLast;
        boolean validated = b.stream().noneMatch(r -> Double.isNaN(r.minLastValidation()))
                && a.stream().noneMatch(r -> Double.isNaN(val.applyAsDouble(r)));
        String name = after.plan().name() + (raw ? ": raw weights" : "");
        return java.util.Optional.of(new Step(name, before.plan().name(),
                validated ? diff(b, SeedResult::minLastValidation, a, val) : null,
                diff(b, SeedResult::minLast, a, test)));
    }

    private static boolean hasRaw(VariantResult v) {
        return !v.runs().isEmpty() && v.runs().stream().allMatch(r -> r.raw() != null);
    }

    private static PairedDifference diff(List<SeedResult> before, ToDoubleFunction<SeedResult> was,
                                         List<SeedResult> after, ToDoubleFunction<SeedResult> is) {
        return PairedDifference.of(before.stream().mapToDouble(was).toArray(),
                after.stream().mapToDouble(is).toArray());
    }

    /** A Markdown table of the steps, validation first; empty when there are none. */
    public String markdown() {
        if (steps.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("| Step | Against | Seeds | Δ validation (95 % CI) | Verdict "
                + "| Δ test, for the record (95 % CI) |\n|---|---|---:|---:|---|---:|\n");
        for (Step s : steps) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |\n", s.name(), s.against(),
                    s.test().seeds(), s.validation() == null ? "–" : interval(s.validation()), s.verdict().words(s.test().seeds()),
                    interval(s.test())));
        }
        sb.append("\nΔ: the paired difference, seed by seed, of the lowest accuracy of the last ")
                .append(Target.standard().lastEpochs())
                .append(" epochs, in percentage points; the verdict reads the validation interval.\n");
        return sb.toString();
    }

    /** One row per step: {@code step,against,seeds,val_mean,val_low,val_high,test_mean,test_low,test_high,verdict}. */
    public String csv() {
        StringBuilder sb = new StringBuilder(
                "step,against,seeds,val_mean,val_low,val_high,test_mean,test_low,test_high,verdict\n");
        for (Step s : steps) {
            PairedDifference v = s.validation(), t = s.test();
            sb.append(String.format(Locale.ROOT, "\"%s\",\"%s\",%d,%s,%s,%s,%.4f,%.4f,%.4f,%s\n", s.name(),
                    s.against(), t.seeds(), v == null ? "" : num(v.mean()), v == null ? "" : num(v.low()),
                    v == null ? "" : num(v.high()), t.mean(), t.low(), t.high(), s.verdict()));
        }
        return sb.toString();
    }

    private static String interval(PairedDifference d) {
        return String.format(Locale.ROOT, "%+.2f (%+.2f to %+.2f)", d.mean(), d.low(), d.high());
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
