package org.mnistlab.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
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
     * @param name   its folder under the sweep's folder
     * @param seeds  the seeds the spec asks for
     * @param params its model's trainable parameters
     * @param recipe its recipe in one line
     */
    public record Plan(String name, List<Long> seeds, long params, String recipe) {
    }

    /** One finished run: its seed and its verdict, judged from its history. */
    public record SeedResult(long seed, TargetVerdict verdict, double bestAccuracy, double seconds) {
        public double minLast() {
            return verdict.minLastAccuracy();
        }
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
                Path run = dir.resolve(plan.name()).resolve(Long.toString(seed));
                if (!Files.isRegularFile(run.resolve(RunRecord.SUMMARY))) continue;
                TrainingHistory h = RunRecord.readHistory(run);
                double seconds = h.epochs().stream().mapToDouble(e -> e.seconds()).sum();
                double best = h.best().orElseThrow(() -> new IOException(run + ": empty history")).testAccuracy();
                runs.add(new SeedResult(seed, target.judge(h, plan.params()), best, seconds));
            }
            rows.add(new VariantResult(plan, runs));
        }
        return new SweepSummary(target, rows);
    }

    /** Writes the CSV, Markdown and chart forms into {@code dir}, each atomically. */
    public void write(Path dir) throws IOException {
        AtomicWrite.bytes(dir.resolve(CSV), csv().getBytes(StandardCharsets.UTF_8));
        AtomicWrite.bytes(dir.resolve(RUNS_CSV), runsCsv().getBytes(StandardCharsets.UTF_8));
        AtomicWrite.bytes(dir.resolve(MARKDOWN), markdown().getBytes(StandardCharsets.UTF_8));
        if (variants.stream().anyMatch(v -> !v.runs().isEmpty())) chart().savePng(dir.resolve(CHART));
    }

    /** One row per variant: {@code variant,params,seeds,done,passed,mean,min,max,sd,mean_best,mean_seconds,recipe}. */
    public String csv() {
        StringBuilder sb = new StringBuilder("variant,params,seeds,done,passed,mean_min_last_" + target.lastEpochs()
                + ",min_min_last_" + target.lastEpochs() + ",max_min_last_" + target.lastEpochs() + ",sd_min_last_"
                + target.lastEpochs() + ",mean_best,mean_seconds,recipe\n");
        for (VariantResult v : variants) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%s,%s,%s,%s,%s,%s,\"%s\"%n", v.plan().name(),
                    v.plan().params(), v.plan().seeds().size(), v.runs().size(), v.passed(), num(v.meanMinLast()),
                    num(v.lowestMinLast()), num(v.highestMinLast()), num(v.sdMinLast()),
                    num(v.runs().stream().mapToDouble(SeedResult::bestAccuracy).average().orElse(Double.NaN)),
                    v.runs().isEmpty() ? "" : String.format(Locale.ROOT, "%.1f",
                            v.runs().stream().mapToDouble(SeedResult::seconds).average().orElseThrow()),
                    v.plan().recipe().replace("\"", "\"\"")));
        }
        return sb.toString();
    }

    /** One row per finished run: {@code variant,seed,min_last_3,best,met}. */
    public String runsCsv() {
        StringBuilder sb = new StringBuilder("variant,seed,min_last_" + target.lastEpochs() + ",best,met\n");
        for (VariantResult v : variants) {
            for (SeedResult r : v.runs()) {
                sb.append(String.format(Locale.ROOT, "%s,%d,%.2f,%.2f,%b%n", v.plan().name(), r.seed(), r.minLast(),
                        r.bestAccuracy(), r.verdict().met()));
            }
        }
        return sb.toString();
    }

    /** A Markdown table: the README and the closing notes quote it. */
    public String markdown() {
        int last = target.lastEpochs();
        StringBuilder sb = new StringBuilder();
        sb.append("| Variant | Params | Seeds run | Target met | Mean min of last ").append(last)
                .append(" | Range | SD |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (VariantResult v : variants) {
            boolean any = !v.runs().isEmpty();
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %d of %d | %s | %s | %s | %s |%n", v.plan().name(),
                    v.plan().params(), v.runs().size(), v.plan().seeds().size(),
                    any ? v.passed() + " of " + v.runs().size() : "–",
                    any ? String.format(Locale.ROOT, "%.3f %%", v.meanMinLast()) : "–",
                    any ? String.format(Locale.ROOT, "%.2f–%.2f %%", v.lowestMinLast(), v.highestMinLast()) : "–",
                    v.runs().size() > 1 ? String.format(Locale.ROOT, "%.3f", v.sdMinLast()) : "–"));
        }
        sb.append("\nEach run is judged from its `history.csv`: ").append(target.describe()).append(".\n");
        return sb.toString();
    }

    /** Every seed's last-3 minimum per variant (met: filled circles, missed: crosses), the mean, and the target. */
    public ChartImage chart() {
        int n = variants.size();
        XYChart chart = ChartStyle.xy(Math.max(900, 160 * n + 300), 760, "Lowest test accuracy of the last "
                + target.lastEpochs() + " epochs, per seed", "", "Test accuracy (%)");
        List<Double> metX = new ArrayList<>(), metY = new ArrayList<>(), missX = new ArrayList<>(),
                missY = new ArrayList<>(), meanX = new ArrayList<>(), meanY = new ArrayList<>();
        double lo = target.minAccuracy(), hi = target.minAccuracy();
        for (int i = 0; i < n; i++) {
            List<SeedResult> runs = variants.get(i).runs();
            for (int k = 0; k < runs.size(); k++) {
                double x = i + 1 + (runs.size() == 1 ? 0 : 0.3 * (k / (runs.size() - 1.0) - 0.5));
                double y = runs.get(k).minLast();
                (runs.get(k).verdict().met() ? metX : missX).add(x);
                (runs.get(k).verdict().met() ? metY : missY).add(y);
                lo = Math.min(lo, y);
                hi = Math.max(hi, y);
            }
            if (!runs.isEmpty()) {
                meanX.add(i + 1.0);
                meanY.add(variants.get(i).meanMinLast());
            }
        }
        points(chart, "seed met the target", metX, metY, Palette.BLUISH_GREEN, SeriesMarkers.CIRCLE);
        points(chart, "seed missed", missX, missY, Palette.VERMILLION, SeriesMarkers.CROSS);
        points(chart, "mean", meanX, meanY, Palette.BLACK, SeriesMarkers.DIAMOND);
        ChartStyle.referenceLine(chart, "Target " + target.minAccuracy() + " %", 0.5, n + 0.5, target.minAccuracy());
        chart.getStyler().setXAxisMin(0.5);
        chart.getStyler().setXAxisMax(n + 0.5);
        chart.getStyler().setYAxisMin(Math.floor((lo - 0.05) * 10) / 10);
        chart.getStyler().setYAxisMax(Math.ceil((hi + 0.05) * 10) / 10);
        chart.getStyler().setXAxisLabelRotation(n > 4 ? 30 : 0);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            long i = Math.round(v);
            return Math.abs(v - i) < 1e-9 && i >= 1 && i <= n ? variants.get((int) i - 1).plan().name() : "";
        });
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        return new ChartImage("Sweep spread", BitmapEncoder.getBufferedImage(chart));
    }

    private static XYSeries points(XYChart chart, String name, List<Double> x, List<Double> y, java.awt.Color color,
                                   org.knowm.xchart.style.markers.Marker marker) {
        if (x.isEmpty()) return null;
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
        return s;
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }
}
