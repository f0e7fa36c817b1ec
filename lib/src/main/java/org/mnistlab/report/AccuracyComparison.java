package org.mnistlab.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.TrainingHistory;

import java.util.Map;
import java.util.function.ToDoubleFunction;

import static org.mnistlab.report.EpochSeries.epochs;
import static org.mnistlab.report.EpochSeries.requireEpochs;
import static org.mnistlab.report.EpochSeries.values;

/**
 * Accuracy curves compared on one chart: several runs on one set, or one run read on two sets of weights. The y axis
 * spans 97-100 % when every point lies in it and widens to the lowest point otherwise, so no point is cut off.
 */
final class AccuracyComparison {

    private AccuracyComparison() {
    }

    static ChartImage test(Map<String, TrainingHistory> runs, int width, int height) {
        return ofRuns(runs, width, height, "Test", EpochMetrics::testAccuracy);
    }

    static ChartImage validation(Map<String, TrainingHistory> runs, int width, int height) {
        for (Map.Entry<String, TrainingHistory> run : runs.entrySet()) {
            if (!run.getValue().hasValidation()) {
                throw new IllegalArgumentException(run.getKey() + " has no validation figures");
            }
        }
        return ofRuns(runs, width, height, "Validation", EpochMetrics::validationAccuracy);
    }

    /** One curve per run on the {@code set} the metric reads, with the target line. */
    private static ChartImage ofRuns(Map<String, TrainingHistory> runs, int width, int height, String set,
                                     ToDoubleFunction<EpochMetrics> metric) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no experiments to compare");
        String title = set + " accuracy by experiment";
        XYChart chart = ChartStyle.xy(width, height, title, "Epoch", set + " accuracy (%)");
        ChartStyle.integerXTicks(chart);
        double lowest = Double.POSITIVE_INFINITY;
        double maxEpoch = 2;
        int i = 0;
        for (Map.Entry<String, TrainingHistory> run : runs.entrySet()) {
            requireEpochs(run.getValue());
            double[] acc = values(run.getValue(), metric);
            for (double a : acc) lowest = Math.min(lowest, a);
            maxEpoch = Math.max(maxEpoch, run.getValue().size());
            ChartStyle.line(chart, run.getKey(), epochs(run.getValue()), acc, i++);
        }
        EpochSeries.targetLine(chart, maxEpoch);
        chart.getStyler().setYAxisMin(yMin(lowest));
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax(maxEpoch);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return new ChartImage(title, BitmapEncoder.getBufferedImage(chart));
    }

    /** A weight-averaged run's validation accuracy on the average of its weights and on the raw weights. */
    static ChartImage rawAgainstAverage(TrainingHistory history) {
        requireEpochs(history);
        if (!history.hasRaw()) {
            throw new IllegalArgumentException("the run recorded no raw-weight scores: it was not evaluated on a "
                    + "weight average with validation images");
        }
        XYChart chart = ChartStyle.xy(1000, 570, "One run, two readings: raw weights and their moving average",
                "Epoch", "Validation accuracy (%)");
        ChartStyle.integerXTicks(chart);
        double[] raw = history.epochs().stream().mapToDouble(e -> e.raw().validationAccuracy()).toArray();
        double[] avg = values(history, EpochMetrics::validationAccuracy);
        ChartStyle.line(chart, "raw weights", epochs(history), raw, 1);
        ChartStyle.line(chart, "moving average (evaluated)", epochs(history), avg, 0);
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < raw.length; i++) lowest = Math.min(lowest, Math.min(raw[i], avg[i]));
        chart.getStyler().setYAxisMin(yMin(lowest));
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax((double) Math.max(2, history.size()));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return new ChartImage("Raw weights against their average", BitmapEncoder.getBufferedImage(chart));
    }

    private static double yMin(double lowest) {
        return lowest >= 97 ? 97 : Math.floor(lowest);
    }
}
