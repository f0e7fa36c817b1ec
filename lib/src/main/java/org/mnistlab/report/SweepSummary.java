package org.mnistlab.report;

import org.mnistlab.data.AtomicWrite;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.Target;
import org.mnistlab.train.TargetVerdict;
import org.mnistlab.train.TrainingHistory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sweep found: per variant, how many seeds met the target and the spread of the lowest test accuracy over the
 * last 3 epochs. Every figure is recomputed from the runs' {@code history.csv}, never taken from a summary's verdict.
 *
 * <p>Example: {@code SweepSummary.read(dir, variants).write(dir)} writes {@code summary.csv}, {@code summary.md},
 * {@code runs.csv} and {@code spread.png}.
 *
 * @param target   what each run is judged against
 * @param variants one row per variant, in the spec's order
 */
public record SweepSummary(Target target, List<VariantResult> variants) {

    public static final String CSV = "summary.csv";
    public static final String MARKDOWN = "summary.md";
    public static final String RUNS_CSV = "runs.csv";
    public static final String CHART = "spread.png";

    public SweepSummary {
        Objects.requireNonNull(target, "target");
        variants = List.copyOf(variants);
    }

    /**
     * A variant as the spec names it.
     *
     * @param name   how the tables name it
     * @param folder where its runs are, {@code SEED/} each, relative to the sweep's folder (usually its name)
     * @param seeds  the seeds the spec asks for
     * @param params its model's trainable parameters
     * @param recipe its recipe in one line
     * @param against the variant its effect is measured against, seed by seed ({@link StepEffects}), or null
     */
    public record Plan(String name, String folder, List<Long> seeds, long params, String recipe, String against) {
        /** A variant whose runs are in the folder of its name, measured against none. */
        public Plan(String name, List<Long> seeds, long params, String recipe) {
            this(name, name, seeds, params, recipe, null);
        }
    }

    /**
     * One finished run: its seed and its verdict, judged from its history.
     *
     * @param minLastValidation the lowest validation accuracy of the last epochs (the target's rule, applied where
     *                          choices are made); NaN for a run without validation images
     * @param raw               the same two figures for the raw weights of a run evaluated on their average, or
     *                          null
     */
    public record SeedResult(long seed, TargetVerdict verdict, double bestAccuracy, double seconds,
                             double minLastValidation, RawMinima raw) {
        public double minLast() {
            return verdict.minLastAccuracy();
        }
    }

    /** The raw weights' lowest validation and test accuracy of the last epochs. */
    public record RawMinima(double validation, double test) {
    }

    /** A variant's finished runs. */
    public record VariantResult(Plan plan, List<SeedResult> runs) {
        public VariantResult {
            runs = List.copyOf(runs);
        }

        public int passed() {
            return (int) runs.stream().filter(r -> r.verdict().met()).count();
        }

        public double meanMinLast() {
            return runs.stream().mapToDouble(SeedResult::minLast).average().orElse(Double.NaN);
        }

        /** Whether every finished run held out validation images (and there is at least one). */
        public boolean validated() {
            return !runs.isEmpty() && runs.stream().noneMatch(r -> Double.isNaN(r.minLastValidation()));
        }

        /** Mean over the seeds of the lowest validation accuracy of the last epochs: what a sweep chooses on. */
        public double meanMinLastValidation() {
            return validated() ? runs.stream().mapToDouble(SeedResult::minLastValidation).average().orElseThrow()
                    : Double.NaN;
        }

        public double lowestMinLast() {
            return runs.stream().mapToDouble(SeedResult::minLast).min().orElse(Double.NaN);
        }

        public double highestMinLast() {
            return runs.stream().mapToDouble(SeedResult::minLast).max().orElse(Double.NaN);
        }

        /** Sample standard deviation of the last-3 minimum; NaN with fewer than two runs. */
        public double sdMinLast() {
            int n = runs.size();
            if (n < 2) return Double.NaN;
            double mean = meanMinLast();
            double ss = runs.stream().mapToDouble(r -> (r.minLast() - mean) * (r.minLast() - mean)).sum();
            return Math.sqrt(ss / (n - 1));
        }
    }

    /** Reads the finished runs ({@code DIR/VARIANT/SEED/history.csv} beside a {@code summary.json}) of each plan. */
    public static SweepSummary read(Path dir, List<Plan> plans) throws IOException {
        Target target = Target.standard();
        List<VariantResult> rows = new ArrayList<>();
        for (Plan plan : plans) {
            List<SeedResult> runs = new ArrayList<>();
            for (long seed : plan.seeds()) {
                Path run = dir.resolve(plan.folder()).resolve(Long.toString(seed));
                if (!Files.isRegularFile(run.resolve(RunRecord.SUMMARY))) continue;
                TrainingHistory h = RunRecord.readHistory(run);
                double seconds = h.epochs().stream().mapToDouble(e -> e.seconds()).sum();
                double best = h.best().orElseThrow(() -> new IOException(run + ": empty history")).testAccuracy();
                double validation = h.hasValidation() ? h.minValidationAccuracyOfLast(target.lastEpochs()) : Double.NaN;
                int last = target.lastEpochs();
                RawMinima raw = h.hasRaw() ? new RawMinima(h.minRawValidationAccuracyOfLast(last), h.lastEpochs(last)
                        .stream().mapToDouble(e -> e.raw().testAccuracy()).min().orElseThrow()) : null;
                runs.add(new SeedResult(seed, target.judge(h, plan.params()), best, seconds, validation, raw));
            }
            rows.add(new VariantResult(plan, runs));
        }
        return new SweepSummary(target, rows);
    }

    /**
     * The variant this sweep chooses: among variants whose runs all held out validation images, the highest mean of
     * the seeds' lowest validation accuracy over the last epochs (the earliest in the spec on a tie). Empty when no
     * variant has validation figures (such a sweep chose on the test set, if it chose at all) and for a
     * {@link #isLadder() ladder}.
     */
    public Optional<VariantResult> chosen() {
        if (isLadder()) return Optional.empty();
        VariantResult best = null;
        for (VariantResult v : variants) {
            if (v.validated() && (best == null || v.meanMinLastValidation() > best.meanMinLastValidation())) best = v;
        }
        return Optional.ofNullable(best);
    }

    /**
     * A search for the smallest network: the variant with the fewest trainable parameters whose mean lowest
     * validation accuracy of the last epochs is at least {@code reference}'s less {@code points} (the reference
     * itself qualifies); among networks of the same size, the higher mean. Empty when the reference has no
     * validation figures yet.
     *
     * <p>Example: {@code summary.smallestWithin("final-7772", 0.05)}
     */
    public Optional<VariantResult> smallestWithin(String reference, double points) {
        if (!(points >= 0)) throw new IllegalArgumentException("points must be >= 0, got " + points);
        VariantResult ref = named(reference);
        if (!ref.validated()) return Optional.empty();
        long bar = Math.round((ref.meanMinLastValidation() - points) * 1e6);
        // The fewest parameters; among equal sizes (the same network trained two ways), the higher mean.
        return variants.stream().filter(v -> v.validated() && micro(v) >= bar)
                .min(java.util.Comparator.comparingLong((VariantResult v) -> v.plan().params())
                        .thenComparingLong(v -> -micro(v)));
    }

    /**
     * Among the variants with fewer trainable parameters than {@code reference}, the one with the highest mean lowest
     * validation accuracy of the last epochs; a tie goes to the smaller network. Empty when none has validation
     * figures.
     *
     * <p>Example: {@code summary.bestSmallerThan("final-7772")}
     */
    public Optional<VariantResult> bestSmallerThan(String reference) {
        return bestAtMost(named(reference).plan().params() - 1, java.util.Set.of());
    }

    /**
     * Among the variants with at most {@code maxParams} trainable parameters, other than those named in {@code
     * except}, the one with the highest mean lowest validation accuracy of the last epochs; a tie goes to the smaller
     * network. Empty when none has validation figures.
     *
     * <p>Example: {@code summary.bestAtMost(4_000, Set.of("sep-wide"))}
     */
    public Optional<VariantResult> bestAtMost(long maxParams, java.util.Set<String> except) {
        return variants.stream()
                .filter(v -> v.validated() && v.plan().params() <= maxParams && !except.contains(v.plan().name()))
                .max(java.util.Comparator.comparingLong(SweepSummary::micro).thenComparingLong(v -> -v.plan().params()));
    }

    private VariantResult named(String name) {
        return variants.stream().filter(v -> v.plan().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no variant " + name + " in this sweep"));
    }

    /**
     * A variant's mean lowest validation accuracy in millionths of a point: means of two-decimal figures compared
     * this way tie when the figures do, whatever the order their sums were taken in.
     */
    private static long micro(VariantResult v) {
        return Math.round(v.meanMinLastValidation() * 1e6);
    }

    /**
     * Whether some variant is measured {@code against} another: such a sweep is a ladder of steps, each kept or not by
     * its own paired effect ({@link StepEffects}), and it makes no single choice among its variants.
     */
    public boolean isLadder() {
        return variants.stream().anyMatch(v -> v.plan().against() != null);
    }

    /** Whether some variant has validation figures: the tables then give them a column. */
    boolean anyValidated() {
        return variants.stream().anyMatch(VariantResult::validated);
    }

    /** Writes the CSV, Markdown and chart forms into {@code dir}, each atomically. */
    public void write(Path dir) throws IOException {
        AtomicWrite.bytes(dir.resolve(CSV), csv().getBytes(StandardCharsets.UTF_8));
        AtomicWrite.bytes(dir.resolve(RUNS_CSV), runsCsv().getBytes(StandardCharsets.UTF_8));
        AtomicWrite.bytes(dir.resolve(MARKDOWN), markdown().getBytes(StandardCharsets.UTF_8));
        StepEffects effects = StepEffects.of(this);
        if (!effects.steps().isEmpty()) {
            AtomicWrite.bytes(dir.resolve(StepEffects.CSV), effects.csv().getBytes(StandardCharsets.UTF_8));
        }
        if (variants.stream().anyMatch(v -> !v.runs().isEmpty())) chart().savePng(dir.resolve(CHART));
    }

    /** One row per variant: {@code variant,params,seeds,done,passed,mean,min,max,sd,mean_best,mean_seconds,recipe}. */
    public String csv() {
        return SweepCsv.variants(this);
    }

    /** One row per finished run: {@code variant,seed,min_last_3,best,met}. */
    public String runsCsv() {
        return SweepCsv.runs(this);
    }

    /** A Markdown table: the README and the closing notes quote it. */
    public String markdown() {
        return markdown("Variant");
    }

    /**
     * The Markdown table with another heading for the first column, e.g. {@code Experiment}, followed by the choice
     * made on validation (when there is one) and each step's effect (for a ladder).
     */
    public String markdown(String firstColumn) {
        int last = target.lastEpochs();
        StringBuilder sb = new StringBuilder(table(firstColumn));
        chosen().ifPresent(v -> sb.append(String.format(Locale.ROOT, "\n**Chosen on validation: %s** (mean lowest "
                + "validation accuracy of the last %d epochs %.3f %%; the test figures above only judge).\n",
                v.plan().name(), last, v.meanMinLastValidation())));
        String effects = StepEffects.of(this).markdown();
        if (!effects.isEmpty()) sb.append("\n## What each step changed\n\n").append(effects);
        return sb.toString();
    }

    /**
     * The spread table alone (and the rule each run is judged by): no choice and no steps, for a page that shows two
     * recipes side by side to measure one step, not to choose between them.
     */
    public String table(String firstColumn) {
        int last = target.lastEpochs();
        StringBuilder sb = new StringBuilder();
        boolean validated = anyValidated();
        sb.append("| ").append(firstColumn).append(" | Params | Seeds run | ")
                .append(validated ? "Validation: mean min of last " + last + " (chooses) | " : "")
                .append("Target met | ").append(validated ? "Test: mean" : "Mean").append(" min of last ").append(last)
                .append(" | Range | SD |\n|---|---:|---:|").append(validated ? "---:|" : "")
                .append("---:|---:|---:|---:|\n");
        for (VariantResult v : variants) {
            boolean any = !v.runs().isEmpty();
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %d of %d | %s%s | %s | %s | %s |\n", v.plan().name(),
                    v.plan().params(), v.runs().size(), v.plan().seeds().size(),
                    !validated ? "" : v.validated() ? String.format(Locale.ROOT, "%.3f %% | ", v.meanMinLastValidation())
                            : "– | ",
                    any ? v.passed() + " of " + v.runs().size() : "–",
                    any ? String.format(Locale.ROOT, "%.3f %%", v.meanMinLast()) : "–",
                    any ? String.format(Locale.ROOT, "%.2f–%.2f %%", v.lowestMinLast(), v.highestMinLast()) : "–",
                    v.runs().size() > 1 ? String.format(Locale.ROOT, "%.3f", v.sdMinLast()) : "–"));
        }
        sb.append("\nEach run is judged from its `history.csv`: ").append(target.describe()).append(".\n");
        return sb.toString();
    }

    /**
     * Every seed's last-3 minimum, one colour and column per variant (named in the legend), each variant's mean as a
     * black diamond, and the target line: points under the line are seeds that missed.
     */
    public ChartImage chart() {
        return SpreadChart.of(this);
    }
}
