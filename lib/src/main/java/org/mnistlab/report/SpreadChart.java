package org.mnistlab.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistlab.report.SweepSummary.SeedResult;
import org.mnistlab.report.SweepSummary.VariantResult;
import org.mnistlab.train.Target;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A sweep's spread: every seed's lowest test accuracy of the last epochs, one column per variant. */
final class SpreadChart {

    private SpreadChart() {
    }

    /** See {@link SweepSummary#chart()}. */
    static ChartImage of(SweepSummary summary) {
        Target target = summary.target();
        List<VariantResult> variants = summary.variants();
        int n = variants.size();
        XYChart chart = ChartStyle.xy(Math.max(1100, 110 * n + 700), 760, "Lowest test accuracy of the last "
                + target.lastEpochs() + " epochs, per seed", "Variant (one column each; a point is a seed)",
                "Test accuracy (%)");
        List<Double> meanX = new ArrayList<>(), meanY = new ArrayList<>();
        double lo = target.minAccuracy(), hi = target.minAccuracy();
        for (int i = 0; i < n; i++) {
            VariantResult v = variants.get(i);
            List<SeedResult> runs = v.runs();
            if (runs.isEmpty()) continue;
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (int k = 0; k < runs.size(); k++) {
                // Spread across the column, so that seeds with the same figure stay visible side by side.
                x.add(i + 1 + (runs.size() == 1 ? 0 : 0.36 * (k / (runs.size() - 1.0) - 0.5)));
                y.add(runs.get(k).minLast());
                lo = Math.min(lo, runs.get(k).minLast());
                hi = Math.max(hi, runs.get(k).minLast());
            }
            String label = String.format(Locale.ROOT, "%s: %d of %d met", v.plan().name(), v.passed(), runs.size());
            // Diamonds are the means': a variant's seeds take any other shape.
            List<Marker> shapes = ChartStyle.MARKERS.stream().filter(m -> m != SeriesMarkers.DIAMOND).toList();
            points(chart, label, x, y, Palette.series(i), shapes.get(i % shapes.size()));
            meanX.add(i + 1.0);
            meanY.add(v.meanMinLast());
        }
        points(chart, "mean of the seeds", meanX, meanY, Palette.BLACK, SeriesMarkers.DIAMOND);
        ChartStyle.referenceLine(chart, "target " + target.minAccuracy() + " %", 0.5, n + 0.5, target.minAccuracy());
        chart.getStyler().setXAxisMin(0.5);
        chart.getStyler().setXAxisMax(n + 0.5);
        chart.getStyler().setXAxisTicksVisible(false);
        chart.getStyler().setYAxisMin(Math.floor((lo - 0.05) * 10) / 10);
        chart.getStyler().setYAxisMax(Math.ceil((hi + 0.05) * 10) / 10);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return new ChartImage("Sweep spread", BitmapEncoder.getBufferedImage(chart));
    }

    private static void points(XYChart chart, String name, List<Double> x, List<Double> y, Color color,
                               Marker marker) {
        if (x.isEmpty()) return;
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(color);
    }
}
