package org.mnistlab.report;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistlab.report.SweepSummary.SeedResult;
import org.mnistlab.report.SweepSummary.VariantResult;
import org.mnistlab.train.Target;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Charts of effects measured over paired seeds: one step seed by seed, and every step of a ladder with its interval.
 *
 * <p>Example: {@code EffectCharts.pairedSeeds(before, after)}
 */
public final class EffectCharts {

    private EffectCharts() {
    }

    /**
     * Each seed's lowest validation accuracy of the last 3 epochs before and after a step, one line per seed: lines
     * that all rise are an effect; lines that cross are the seeds' noise. A variant evaluated on a weight average is
     * drawn by its raw weights, as {@link StepEffects#between} measures it.
     */
    public static ChartImage pairedSeeds(VariantResult before, VariantResult after) {
        XYChart chart = ChartStyle.xy(720, 450, "Seed by seed: " + before.plan().name() + " → "
                + after.plan().name(), "", "Validation accuracy, lowest of the last "
                + Target.standard().lastEpochs() + " epochs (%)");
        boolean raw = !after.runs().isEmpty() && after.runs().stream().allMatch(r -> r.raw() != null);
        ToDoubleFunction<SeedResult> afterFigure = raw ? r -> r.raw().validation() : SeedResult::minLastValidation;
        Map<Long, SeedResult> afterBySeed = after.runs().stream().collect(Collectors.toMap(SeedResult::seed, r -> r));
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        int i = 0;
        for (SeedResult b : before.runs()) {
            SeedResult a = afterBySeed.get(b.seed());
            if (a == null || Double.isNaN(b.minLastValidation())) continue;
            double y0 = b.minLastValidation(), y1 = afterFigure.applyAsDouble(a);
            XYSeries s = chart.addSeries("seed " + b.seed(), new double[] {0, 1}, new double[] {y0, y1});
            s.setLineColor(Palette.series(i));
            s.setMarkerColor(Palette.series(i));
            s.setMarker(ChartStyle.MARKERS.get(i % ChartStyle.MARKERS.size()));
            s.setLineStyle(ChartStyle.LINE);
            lo = Math.min(lo, Math.min(y0, y1));
            hi = Math.max(hi, Math.max(y0, y1));
            i++;
        }
        if (i == 0) throw new IllegalArgumentException(before.plan().name() + " and " + after.plan().name()
                + " share no seed with validation figures");
        chart.setXAxisTitle("left: " + before.plan().name() + "   →   right: " + after.plan().name()
                + (raw ? " (raw weights)" : ""));
        chart.getStyler().setXAxisMin(-0.25);
        chart.getStyler().setXAxisMax(1.25);
        chart.getStyler().setXAxisTicksVisible(false);
        chart.getStyler().setYAxisMin(Math.floor((lo - 0.05) * 10) / 10);
        chart.getStyler().setYAxisMax(Math.ceil((hi + 0.05) * 10) / 10);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return new ChartImage("Paired seeds", BitmapEncoder.getBufferedImage(chart));
    }

    /**
     * Every step's effect on validation as a point with its 95 % interval, one row per step, and the zero line: an
     * interval that crosses the line is no difference the seeds can measure.
     */
    public static ChartImage steps(StepEffects effects) {
        List<StepEffects.Step> steps = effects.steps().stream().filter(s -> s.validation() != null).toList();
        if (steps.isEmpty()) throw new IllegalArgumentException("no step has validation figures");
        int n = steps.size();
        XYChart chart = ChartStyle.xy(1200, 180 + 80 * n, "What each step changed (mean and 95 % interval over "
                + "paired seeds)", "Δ validation accuracy, lowest of the last " + Target.standard().lastEpochs()
                + " epochs (percentage points)", "");
        double lo = 0, hi = 0;
        for (int k = 0; k < 3; k++) {
            PairedDifference.Verdict verdict = PairedDifference.Verdict.values()[k];
            double[] x = steps.stream().filter(s -> s.verdict() == verdict)
                    .mapToDouble(s -> s.validation().mean()).toArray();
            if (x.length == 0) continue;
            double[] y = new double[x.length];
            int j = 0;
            for (int r = 0; r < n; r++) if (steps.get(r).verdict() == verdict) y[j++] = n - r;
            XYSeries s = chart.addSeries(switch (verdict) {
                case BETTER -> "better";
                case WORSE -> "worse";
                case NO_MEASURABLE_DIFFERENCE -> "no measurable difference";
            }, x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND).get(k));
            s.setMarkerColor(List.of(Palette.BLUISH_GREEN, Palette.VERMILLION, Palette.GREY).get(k));
        }
        for (int r = 0; r < n; r++) {
            PairedDifference d = steps.get(r).validation();
            XYSeries bar = chart.addSeries("interval " + r, new double[] {d.low(), d.high()},
                    new double[] {n - r, n - r});
            bar.setLineColor(Palette.BLACK);
            bar.setLineStyle(ChartStyle.LINE);
            bar.setMarker(SeriesMarkers.NONE);
            bar.setShowInLegend(false);
            lo = Math.min(lo, d.low());
            hi = Math.max(hi, d.high());
        }
        XYSeries zero = chart.addSeries("zero", new double[] {0, 0}, new double[] {0.4, n + 0.6});
        zero.setLineColor(Palette.GREY);
        zero.setLineStyle(ChartStyle.DASHED);
        zero.setMarker(SeriesMarkers.NONE);
        zero.setShowInLegend(false);
        for (int r = 0; r < n; r++) { // each interval named above itself: rows have no meaningful y value
            PairedDifference d = steps.get(r).validation();
            chart.addAnnotation(new AnnotationText(steps.get(r).name(), d.mean(), n - r + 0.32, false));
        }
        chart.getStyler().setYAxisTicksVisible(false);
        chart.getStyler().setAnnotationTextFont(ChartStyle.TICKS);
        chart.getStyler().setYAxisMin(0.4);
        chart.getStyler().setYAxisMax(n + 0.6);
        double pad = Math.max(0.05, (hi - lo) * 0.05);
        chart.getStyler().setXAxisMin(Math.floor((lo - pad) * 20) / 20);
        chart.getStyler().setXAxisMax(Math.ceil((hi + pad) * 20) / 20);
        chart.getStyler().setXAxisDecimalPattern("+0.0#;-0.0#");
        chart.getStyler().setXAxisTickMarkSpacingHint(140);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return new ChartImage(String.format(Locale.ROOT, "%d steps", n), BitmapEncoder.getBufferedImage(chart));
    }
}
