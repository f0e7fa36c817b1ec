package org.mnistlab.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Target;
import org.mnistlab.train.TrainingHistory;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The charts of the notebooks and the CLI, each rendered headless into a {@link ChartImage} (save it with
 * {@link ChartImage#savePng}, show it with {@code Display.show}). All sizes are in pixels; the defaults suit a
 * notebook cell and a classroom projector.
 *
 * <p>Example: {@code Charts.trainingCurves(history).savePng(Path.of("curves.png"))}
 */
public final class Charts {

    /** The goal every experiment is judged against: test accuracy in percent, from {@link Target#standard()}. */
    private static final double TARGET_ACCURACY = Target.standard().minAccuracy();

    static {
        Headless.ensure();
    }

    private Charts() {
    }

    // ---------------------------------------------------------------- training curves

    /** {@link #trainingCurves(TrainingHistory, int, int)} at 1400×1000. */
    public static ChartImage trainingCurves(TrainingHistory history) {
        return trainingCurves(history, 1400, 1000);
    }

    /**
     * Four panels, laid out as in the classic PyTorch MNIST notebooks: top row losses, bottom row accuracies; left
     * column training, right column test. The test-accuracy panel has the dashed 99.4 % target line.
     */
    public static ChartImage trainingCurves(TrainingHistory history, int width, int height) {
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
        ChartStyle.referenceLine(testAcc, "Target " + TARGET_ACCURACY + " %", 1, xMax(history), TARGET_ACCURACY);
        for (int i = 0; i < panels.size(); i++) ChartStyle.niceYRange(panels.get(i), i >= 2); // losses, then accuracies
        testAcc.getStyler().setLegendVisible(true);
        testAcc.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return new ChartImage("Training curves", grid(panels, 2, width, height));
    }

    /**
     * Two panels for watching a run live: loss (training and test) and accuracy (training, test, target), each
     * with both curves overlaid so they can be compared at a glance. 960×360 unless sized otherwise.
     */
    public static ChartImage lossAndAccuracy(TrainingHistory history) {
        return lossAndAccuracy(history, 960, 360);
    }

    /** See {@link #lossAndAccuracy(TrainingHistory)}. */
    public static ChartImage lossAndAccuracy(TrainingHistory history, int width, int height) {
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
        ChartStyle.referenceLine(acc, "Target " + TARGET_ACCURACY + " %", 1, xMax(history), TARGET_ACCURACY);
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

    // ---------------------------------------------------------------- learning rate

    /**
     * The learning-rate schedule: the planned value of every iteration as a line, and the value the run actually
     * used at the end of each epoch ({@link EpochMetrics#learningRate()}) as markers at x = epoch. The x axis counts
     * epochs: iteration {@code i} (0-based) covers {@code [i, i+1] / iterationsPerEpoch} and is drawn at its middle,
     * the line extended to 0 and to the end of training. An empty history shows the plan alone.
     */
    public static ChartImage learningRate(double[] plannedPerIteration, int iterationsPerEpoch,
                                          TrainingHistory history) {
        XYChart chart = learningRateChart(plannedPerIteration, iterationsPerEpoch);
        if (history != null && !history.isEmpty()) {
            XYSeries actual = chart.addSeries("Actual (end of epoch)", epochs(history),
                    values(history, EpochMetrics::learningRate));
            actual.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            actual.setMarker(SeriesMarkers.CIRCLE);
            actual.setMarkerColor(Palette.VERMILLION);
        }
        return new ChartImage("Learning rate", BitmapEncoder.getBufferedImage(chart));
    }

    /** Like {@link #learningRate(double[], int, TrainingHistory)}, with the actual value of every iteration. */
    public static ChartImage learningRate(double[] plannedPerIteration, int iterationsPerEpoch,
                                          double[] actualPerIteration) {
        XYChart chart = learningRateChart(plannedPerIteration, iterationsPerEpoch);
        if (actualPerIteration != null && actualPerIteration.length > 0) {
            XYSeries actual = chart.addSeries("Actual", iterationAxis(actualPerIteration.length, iterationsPerEpoch),
                    extended(actualPerIteration));
            actual.setLineColor(Palette.VERMILLION);
            actual.setLineStyle(ChartStyle.DASHED);
            actual.setMarker(SeriesMarkers.NONE);
        }
        return new ChartImage("Learning rate", BitmapEncoder.getBufferedImage(chart));
    }

    private static XYChart learningRateChart(double[] planned, int iterationsPerEpoch) {
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

    // ---------------------------------------------------------------- experiments

    /** {@link #testAccuracyComparison(Map, int, int)} at 1400×800. */
    public static ChartImage testAccuracyComparison(Map<String, TrainingHistory> runs) {
        return testAccuracyComparison(runs, 1400, 800);
    }

    /**
     * Test-accuracy curves of several experiments on one chart (legend in the map's iteration order), with the
     * dashed 99.4 % target. The y axis spans 97-100 % when every point lies in it, and widens to include the
     * lowest point otherwise: no point is ever cut off.
     */
    public static ChartImage testAccuracyComparison(Map<String, TrainingHistory> runs, int width, int height) {
        return accuracyComparison(runs, width, height, "Test", EpochMetrics::testAccuracy);
    }

    /**
     * Validation-accuracy curves of several runs on one chart, drawn as {@link #testAccuracyComparison(Map, int,
     * int)} draws test accuracy: what runs that choose are compared on.
     *
     * @throws IllegalArgumentException when a run has no validation figures
     */
    public static ChartImage validationAccuracyComparison(Map<String, TrainingHistory> runs, int width, int height) {
        for (Map.Entry<String, TrainingHistory> run : runs.entrySet()) {
            if (!run.getValue().hasValidation()) {
                throw new IllegalArgumentException(run.getKey() + " has no validation figures");
            }
        }
        return accuracyComparison(runs, width, height, "Validation", EpochMetrics::validationAccuracy);
    }

    private static ChartImage accuracyComparison(Map<String, TrainingHistory> runs, int width, int height,
                                                 String set, ToDoubleFunction<EpochMetrics> metric) {
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
        ChartStyle.referenceLine(chart, "Target " + TARGET_ACCURACY + " %", 1, maxEpoch, TARGET_ACCURACY);
        double yMin = lowest >= 97 ? 97 : Math.floor(lowest);
        chart.getStyler().setYAxisMin(yMin);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax(maxEpoch);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return new ChartImage(title, BitmapEncoder.getBufferedImage(chart));
    }

    /**
     * A weight-averaged run's validation accuracy per epoch, on the moving average of its weights and on the raw
     * weights that trained: the same run read two ways.
     *
     * @throws IllegalArgumentException when the run recorded no raw scores (it was not evaluated on an average, or had
     *                                  no validation images)
     */
    public static ChartImage rawAgainstAverage(TrainingHistory history) {
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
        chart.getStyler().setYAxisMin(lowest >= 97 ? 97 : Math.floor(lowest));
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax((double) Math.max(2, history.size()));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return new ChartImage("Raw weights against their average", BitmapEncoder.getBufferedImage(chart));
    }

    // ---------------------------------------------------------------- confusion matrix

    /** {@link #confusionMatrix(int[][], int, int)} at 720×768. */
    public static ChartImage confusionMatrix(int[][] counts) {
        return confusionMatrix(counts, 720, 768);
    }

    /**
     * A confusion-matrix heat map: {@code counts[trueLabel][predicted]}, true label down the side, predicted along
     * the bottom, every count written in its cell. Correct (diagonal) and wrong cells use separate colour scales.
     */
    public static ChartImage confusionMatrix(int[][] counts, int width, int height) {
        if (counts == null || counts.length == 0) throw new IllegalArgumentException("confusion matrix is empty");
        return new ChartImage("Confusion matrix", ConfusionMatrixPainter.paint(counts, width, height));
    }

    // ---------------------------------------------------------------- images

    /** {@link #digits(String, List, int, int)} with 4× enlargement. */
    public static ChartImage digits(String title, List<DigitImage> images, int columns) {
        return digits(title, images, columns, 4);
    }

    /**
     * Digits in a grid, each enlarged {@code scale}× with hard pixel edges and its caption underneath: misclassified
     * digits, samples per class, one digit under an augmentation pipeline. The image size follows from the content.
     */
    public static ChartImage digits(String title, List<DigitImage> images, int columns, int scale) {
        if (scale < 1) throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (DigitImage d : images) tiles.add(new ImageGrid.Tile(ImageGrid.digitTile(d, scale), d.caption()));
        return new ChartImage(title, ImageGrid.paint(title, tiles, columns));
    }

    /**
     * Convolution kernels (e.g. the first layer's 3×3 filters), each given row by row as {@code side*side} weights,
     * drawn blue (negative) / white (zero) / vermillion (positive) and captioned {@code "#0"}, {@code "#1"}, ...
     */
    public static ChartImage filters(String title, float[][] kernels, int columns) {
        if (kernels.length == 0) throw new IllegalArgumentException("no kernels to draw");
        int side = (int) Math.round(Math.sqrt(kernels[0].length));
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < kernels.length; i++) {
            if (kernels[i].length != side * side || side == 0) {
                throw new IllegalArgumentException("kernel " + i + " has " + kernels[i].length
                        + " weights, expected a square kernel of " + side * side);
            }
            tiles.add(new ImageGrid.Tile(ImageGrid.kernelTile(kernels[i], side, 96), "#" + i));
        }
        return new ChartImage(title, ImageGrid.paint(title, tiles, columns));
    }

    // ---------------------------------------------------------------- data set

    /** Images per class (index = digit), one bar per class with its count on top. 1200×600. */
    public static ChartImage classBalance(String title, int[] counts) {
        Map<String, int[]> single = new LinkedHashMap<>();
        single.put("Images", counts);
        return classBalance(title, single);
    }

    /** Several count series side by side per class (e.g. training and test set), in the map's order. */
    public static ChartImage classBalance(String title, Map<String, int[]> countsBySeries) {
        if (countsBySeries.isEmpty()) throw new IllegalArgumentException("no counts to draw");
        CategoryChart chart = ChartStyle.category(1200, 600, title, "Digit", "Images");
        List<String> classes = null;
        int i = 0;
        for (Map.Entry<String, int[]> e : countsBySeries.entrySet()) {
            int[] counts = e.getValue();
            if (classes == null) {
                classes = IntStream.range(0, counts.length).mapToObj(String::valueOf).toList();
            } else if (counts.length != classes.size()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "' has " + counts.length
                        + " classes, expected " + classes.size());
            }
            List<Integer> values = IntStream.of(counts).boxed().toList();
            CategorySeries s = chart.addSeries(e.getKey(), classes, values);
            s.setFillColor(Palette.series(i++));
        }
        // Counts inside the top of each bar, white on the bar colour. XChart misplaces labels of grouped bars,
        // so with several series the y axis and grid carry the values instead.
        boolean single = countsBySeries.size() == 1;
        chart.getStyler().setLabelsVisible(single);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsFontColor(Color.WHITE);
        chart.getStyler().setLabelsFont(ChartStyle.CELL);
        chart.getStyler().setLabelsPosition(0.93);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendVisible(countsBySeries.size() > 1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(v -> String.format(Locale.ROOT, "%,.0f", v));
        return new ChartImage(title, BitmapEncoder.getBufferedImage(chart));
    }

    // ---------------------------------------------------------------- helpers

    private static void requireEpochs(TrainingHistory history) {
        if (history == null || history.isEmpty()) {
            throw new IllegalArgumentException("the training history is empty: train at least one epoch first");
        }
    }

    private static double[] epochs(TrainingHistory history) {
        return history.epochs().stream().mapToDouble(EpochMetrics::epoch).toArray();
    }

    private static double[] values(TrainingHistory history, ToDoubleFunction<EpochMetrics> metric) {
        return history.epochs().stream().mapToDouble(metric).toArray();
    }

    private static double xMax(TrainingHistory history) {
        return Math.max(2, history.size());
    }

    /** Epoch axis from 1 to the last epoch (at least 2, so a one-epoch run still has an axis). */
    private static void fixXRange(XYChart chart, TrainingHistory history) {
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax(xMax(history));
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
