package org.mnistlab.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.TrainingHistory;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The charts of the notebooks and the CLI, each rendered headless into a {@link ChartImage} (save it with
 * {@link ChartImage#savePng}, show it with {@code Display.show}). All sizes are in pixels; the defaults suit a
 * notebook cell and a classroom projector.
 *
 * <p>Example: {@code Charts.trainingCurves(history).savePng(Path.of("curves.png"))}
 */
public final class Charts {

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
        return TrainingCurves.fourPanels(history, width, height);
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
        return TrainingCurves.lossAndAccuracy(history, width, height);
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
        return LearningRateChart.withEpochEnds(plannedPerIteration, iterationsPerEpoch, history);
    }

    /** Like {@link #learningRate(double[], int, TrainingHistory)}, with the actual value of every iteration. */
    public static ChartImage learningRate(double[] plannedPerIteration, int iterationsPerEpoch,
                                          double[] actualPerIteration) {
        return LearningRateChart.withIterations(plannedPerIteration, iterationsPerEpoch, actualPerIteration);
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
        return AccuracyComparison.test(runs, width, height);
    }

    /**
     * Validation-accuracy curves of several runs on one chart, drawn as {@link #testAccuracyComparison(Map, int,
     * int)} draws test accuracy: what runs that choose are compared on.
     *
     * @throws IllegalArgumentException when a run has no validation figures
     */
    public static ChartImage validationAccuracyComparison(Map<String, TrainingHistory> runs, int width, int height) {
        return AccuracyComparison.validation(runs, width, height);
    }

    /**
     * A weight-averaged run's validation accuracy per epoch, on the moving average of its weights and on the raw
     * weights that trained: the same run read two ways.
     *
     * @throws IllegalArgumentException when the run recorded no raw scores (it was not evaluated on an average, or had
     *                                  no validation images)
     */
    public static ChartImage rawAgainstAverage(TrainingHistory history) {
        return AccuracyComparison.rawAgainstAverage(history);
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
}
