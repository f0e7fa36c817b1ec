package org.mnistlab.report;

import org.knowm.xchart.XYChart;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Target;
import org.mnistlab.train.TrainingHistory;

import java.util.function.ToDoubleFunction;

/**
 * A training history as chart series: its epochs along x, one metric along y, an epoch axis that starts at 1, and the
 * target line every accuracy chart carries.
 */
final class EpochSeries {

    /** The goal every experiment is judged against: test accuracy in percent, from {@link Target#standard()}. */
    static final double TARGET_ACCURACY = Target.standard().minAccuracy();

    private EpochSeries() {
    }

    static void requireEpochs(TrainingHistory history) {
        if (history == null || history.isEmpty()) {
            throw new IllegalArgumentException("the training history is empty: train at least one epoch first");
        }
    }

    static double[] epochs(TrainingHistory history) {
        return history.epochs().stream().mapToDouble(EpochMetrics::epoch).toArray();
    }

    static double[] values(TrainingHistory history, ToDoubleFunction<EpochMetrics> metric) {
        return history.epochs().stream().mapToDouble(metric).toArray();
    }

    static double xMax(TrainingHistory history) {
        return Math.max(2, history.size());
    }

    /** Epoch axis from 1 to the last epoch (at least 2, so a one-epoch run still has an axis). */
    static void fixXRange(XYChart chart, TrainingHistory history) {
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax(xMax(history));
    }

    /** The dashed target line from epoch 1 to {@code lastEpoch}. */
    static void targetLine(XYChart chart, double lastEpoch) {
        ChartStyle.referenceLine(chart, "Target " + TARGET_ACCURACY + " %", 1, lastEpoch, TARGET_ACCURACY);
    }
}
