package org.mnistlab.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy against size: each variant of a search as a column of its seeds at its parameter count, the mean of the
 * seeds marked, on validation (what a search chooses on). It shows what each parameter buys, and where that stops.
 *
 * <p>Example: {@code show(SizeChart.validationAgainstParameters(Results.find().sweep("smallest").spread()));}
 */
public final class SizeChart {

    private SizeChart() {
    }

    /**
     * One series per variant with validation figures: its seeds' lowest validation accuracy of the last epochs
     * (coloured) and their mean (black), at x = its trainable parameters. 1100×560.
     */
    public static ChartImage validationAgainstParameters(SweepSummary summary) {
        XYChart chart = ChartStyle.xy(1100, 560, "What the parameters buy, on validation", "Trainable parameters",
                "Lowest validation accuracy of the last " + summary.target().lastEpochs() + " (%)");
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE, left = Double.MAX_VALUE, right = -Double.MAX_VALUE;
        // Smallest first; networks of the same size (one network trained two ways) side by side around their size.
        List<SweepSummary.VariantResult> shown = summary.variants().stream().filter(SweepSummary.VariantResult::validated)
                .sorted(java.util.Comparator.comparingLong(v -> v.plan().params())).toList();
        int i = 0;
        for (SweepSummary.VariantResult v : shown) {
            long params = v.plan().params();
            List<SweepSummary.VariantResult> sameSize = shown.stream().filter(o -> o.plan().params() == params).toList();
            double at = params + 90 * (sameSize.indexOf(v) - (sameSize.size() - 1) / 2.0);
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (SweepSummary.SeedResult r : v.runs()) {
                x.add(at);
                y.add(r.minLastValidation());
                lo = Math.min(lo, r.minLastValidation());
                hi = Math.max(hi, r.minLastValidation());
            }
            left = Math.min(left, v.plan().params());
            right = Math.max(right, v.plan().params());
            XYSeries seeds = chart.addSeries(String.format(Locale.ROOT, "%s (%,d): mean %.2f %%", v.plan().name(),
                    v.plan().params(), v.meanMinLastValidation()), x, y);
            seeds.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            seeds.setMarker(ChartStyle.MARKERS.get(i % ChartStyle.MARKERS.size())); // with six colours: every pair differs
            seeds.setMarkerColor(Palette.series(i % (Palette.SERIES.size() - 1))); // black marks the means
            XYSeries mean = chart.addSeries(v.plan().name() + " mean", List.of(at),
                    List.of(v.meanMinLastValidation()));
            mean.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            mean.setMarker(ChartStyle.MARKERS.get(i % ChartStyle.MARKERS.size()));
            mean.setMarkerColor(Palette.BLACK);
            mean.setShowInLegend(false);
            i++;
        }
        if (i == 0) throw new IllegalArgumentException("no variant of this sweep has validation figures");
        double pad = Math.max(200, (right - left) * 0.06);
        chart.getStyler().setXAxisMin(left - pad);
        chart.getStyler().setXAxisMax(right + pad);
        chart.getStyler().setYAxisMin(Math.floor((lo - 0.05) * 10) / 10);
        chart.getStyler().setYAxisMax(Math.ceil((hi + 0.05) * 10) / 10);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return new ChartImage("Accuracy against parameters", BitmapEncoder.getBufferedImage(chart));
    }
}
