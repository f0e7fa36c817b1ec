package org.mnistlab.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.TrainingHistory;

/**
 * A learning-rate schedule over epochs: the planned value of every iteration as a line, with what the run actually
 * used drawn over it, either at the end of each epoch or at every iteration.
 */
final class LearningRateChart {

    private LearningRateChart() {
    }

    /** The plan, with the value used at the end of each epoch as markers; an empty history shows the plan alone. */
    static ChartImage withEpochEnds(double[] plannedPerIteration, int iterationsPerEpoch, TrainingHistory history) {
        XYChart chart = planned(plannedPerIteration, iterationsPerEpoch);
        if (history != null && !history.isEmpty()) {
            XYSeries actual = chart.addSeries("Actual (end of epoch)", EpochSeries.epochs(history),
                    EpochSeries.values(history, EpochMetrics::learningRate));
            actual.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            actual.setMarker(SeriesMarkers.CIRCLE);
            actual.setMarkerColor(Palette.VERMILLION);
        }
        return new ChartImage("Learning rate", BitmapEncoder.getBufferedImage(chart));
    }

    /** The plan, with the value used at every iteration as a dashed line. */
    static ChartImage withIterations(double[] plannedPerIteration, int iterationsPerEpoch,
                                     double[] actualPerIteration) {
        XYChart chart = planned(plannedPerIteration, iterationsPerEpoch);
        if (actualPerIteration != null && actualPerIteration.length > 0) {
            XYSeries actual = chart.addSeries("Actual", iterationAxis(actualPerIteration.length, iterationsPerEpoch),
                    extended(actualPerIteration));
            actual.setLineColor(Palette.VERMILLION);
            actual.setLineStyle(ChartStyle.DASHED);
            actual.setMarker(SeriesMarkers.NONE);
        }
        return new ChartImage("Learning rate", BitmapEncoder.getBufferedImage(chart));
    }

    private static XYChart planned(double[] planned, int iterationsPerEpoch) {
        if (planned == null || planned.length == 0) {
            throw new IllegalArgumentException("the planned schedule is empty: pass one learning rate per iteration");
        }
        if (iterationsPerEpoch < 1) {
            throw new IllegalArgumentException("iterationsPerEpoch must be >= 1, got " + iterationsPerEpoch);
        }
        XYChart chart = ChartStyle.xy(960, 480, "Learning-rate schedule", "Epoch", "Learning rate");
        chart.getStyler().setYAxisDecimalPattern("0.######");
        chart.getStyler().setXAxisDecimalPattern("0.##");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        XYSeries plan = chart.addSeries("Planned (per iteration)", iterationAxis(planned.length, iterationsPerEpoch),
                extended(planned));
        plan.setLineColor(Palette.BLUE);
        plan.setLineStyle(ChartStyle.LINE);
        plan.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    /**
     * x of {@code n} iterations: 0, then each iteration's middle, then the end. Besides being where each value
     * applies, the uneven first and last step keeps XChart from treating the x values as equally spaced, in which
     * case it would put ticks at data points (0.79, 1.58, ...) instead of whole epochs.
     */
    private static double[] iterationAxis(int n, int iterationsPerEpoch) {
        double[] x = new double[n + 2];
        for (int i = 0; i < n; i++) x[i + 1] = (i + 0.5) / iterationsPerEpoch;
        x[n + 1] = n / (double) iterationsPerEpoch;
        return x;
    }

    /** The values for {@link #iterationAxis}: the first and last repeated at both ends. */
    private static double[] extended(double[] values) {
        double[] y = new double[values.length + 2];
        System.arraycopy(values, 0, y, 1, values.length);
        y[0] = values[0];
        y[values.length + 1] = values[values.length - 1];
        return y;
    }
}
