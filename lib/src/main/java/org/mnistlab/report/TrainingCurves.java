package org.mnistlab.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.TrainingHistory;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import static org.mnistlab.report.EpochSeries.epochs;
import static org.mnistlab.report.EpochSeries.fixXRange;
import static org.mnistlab.report.EpochSeries.requireEpochs;
import static org.mnistlab.report.EpochSeries.values;
import static org.mnistlab.report.EpochSeries.xMax;

/** One run's loss and accuracy per epoch, as four separate panels or as two panels with the sets overlaid. */
final class TrainingCurves {

    private TrainingCurves() {
    }

    /** Top row losses, bottom row accuracies; left column training, right column test. */
    static ChartImage fourPanels(TrainingHistory history, int width, int height) {
        requireEpochs(history);
        int w = width / 2;
        int h = height / 2;
        List<XYChart> panels = List.of(
                epochPanel(history, "Training loss", "Training", "Loss", EpochMetrics::trainLoss, 0, w, h, false),
                epochPanel(history, "Test loss", "Test", "Loss", EpochMetrics::testLoss, 1, w, h, false),
                epochPanel(history, "Training accuracy", "Training", "Accuracy (%)", EpochMetrics::trainAccuracy, 0,
                        w, h, true),
                epochPanel(history, String.format(Locale.ROOT, "Test accuracy (best %.2f %%)",
                        history.bestTestAccuracy()), "Test", "Accuracy (%)", EpochMetrics::testAccuracy, 1, w, h,
                        true));
        XYChart testAcc = panels.get(3);
        EpochSeries.targetLine(testAcc, xMax(history));
        for (int i = 0; i < panels.size(); i++) ChartStyle.niceYRange(panels.get(i), i >= 2); // losses, then accuracies
        testAcc.getStyler().setLegendVisible(true);
        testAcc.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return new ChartImage("Training curves", grid(panels, 2, width, height));
    }

    /** Loss beside accuracy, training, test (and validation, when held out) overlaid on each. */
    static ChartImage lossAndAccuracy(TrainingHistory history, int width, int height) {
        requireEpochs(history);
        int w = width / 2;
        double[] x = epochs(history);
        XYChart loss = ChartStyle.xy(w, height, "Loss", "Epoch", "Loss");
        ChartStyle.integerXTicks(loss);
        ChartStyle.line(loss, "Training", x, values(history, EpochMetrics::trainLoss), 0);
        ChartStyle.line(loss, "Test", x, values(history, EpochMetrics::testLoss), 1);
        if (history.hasValidation()) {
            ChartStyle.line(loss, "Validation", x, values(history, EpochMetrics::validationLoss), 2);
        }
        loss.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        loss.getStyler().setYAxisMin(0.0);
        XYChart acc = ChartStyle.xy(w, height, history.hasValidation()
                ? String.format(Locale.ROOT, "Accuracy: best val. %.2f %%",
                history.best().orElseThrow().validationAccuracy())
                : String.format(Locale.ROOT, "Accuracy: best test %.2f %%", history.bestTestAccuracy()),
                "Epoch", "Accuracy (%)");
        ChartStyle.integerXTicks(acc);
        ChartStyle.line(acc, "Training", x, values(history, EpochMetrics::trainAccuracy), 0);
        ChartStyle.line(acc, "Test", x, values(history, EpochMetrics::testAccuracy), 1);
        if (history.hasValidation()) {
            ChartStyle.line(acc, "Validation (chooses)", x, values(history, EpochMetrics::validationAccuracy), 2);
        }
        EpochSeries.targetLine(acc, xMax(history));
        acc.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        fixXRange(loss, history);
        fixXRange(acc, history);
        ChartStyle.niceYRange(loss, false);
        ChartStyle.niceYRange(acc, true);
        return new ChartImage("Loss and accuracy", grid(List.of(loss, acc), 2, width, height));
    }

    private static XYChart epochPanel(TrainingHistory history, String title, String series, String yTitle,
                                      ToDoubleFunction<EpochMetrics> metric, int colour, int w, int h, boolean rising) {
        XYChart chart = ChartStyle.xy(w, h, title, "Epoch", yTitle);
        ChartStyle.integerXTicks(chart);
        ChartStyle.line(chart, series, epochs(history), values(history, metric), colour);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLegendPosition(ChartStyle.legendFor(rising));
        if (!rising) chart.getStyler().setYAxisMin(0.0);
        fixXRange(chart, history);
        return chart;
    }

    /** Renders the charts into one image, {@code columns} per row, each cell the same size. */
    private static BufferedImage grid(List<XYChart> charts, int columns, int width, int height) {
        int rows = (charts.size() + columns - 1) / columns;
        int w = width / columns;
        int h = height / rows;
        // Exactly width x height; with odd sizes the spare pixel column/row stays white.
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < charts.size(); i++) {
                XYChart c = charts.get(i);
                g.drawImage(BitmapEncoder.getBufferedImage(c), (i % columns) * w, (i / columns) * h, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
