package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.train.TrainingHistory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    @Test
    void trainingCurvesRenderAtTheRequestedSize() {
        ChartImage chart = Charts.trainingCurves(Fixtures.history(15), 1400, 1000);
        Fixtures.assertPng(chart.png(), 1400, 1000);
        Fixtures.assertPng(Charts.trainingCurves(Fixtures.history(1), 801, 601).png(), 801, 601);
    }

    @Test
    void trainingCurvesDrawFourPanelsWithTrainingBlueAndTestVermillion() {
        BufferedImage img = Charts.trainingCurves(Fixtures.history(15), 1400, 1000).image();
        // Left column (training) uses blue, right column (test) vermillion, in both rows.
        assertTrue(contains(img, 0, 0, 700, 500, Palette.BLUE), "training loss panel has no blue line");
        assertTrue(contains(img, 700, 0, 700, 500, Palette.VERMILLION), "test loss panel has no vermillion line");
        assertTrue(contains(img, 0, 500, 700, 500, Palette.BLUE), "training accuracy panel has no blue line");
        assertTrue(contains(img, 700, 500, 700, 500, Palette.VERMILLION), "test accuracy panel has no line");
        assertTrue(!contains(img, 0, 0, 700, 500, Palette.VERMILLION), "training loss panel shows test colour");
    }

    @Test
    void liveChartRenders() {
        Fixtures.assertPng(Charts.lossAndAccuracy(Fixtures.history(3)).png(), 960, 360);
    }

    @Test
    void learningRateRendersPlanAloneAndWithActualValues() {
        double[] plan = new double[15 * 10];
        for (int i = 0; i < plan.length; i++) plan[i] = 0.05 * (1 - i / (double) plan.length);
        Fixtures.assertPng(Charts.learningRate(plan, 10, TrainingHistory.empty()).png(), 960, 480);
        Fixtures.assertPng(Charts.learningRate(plan, 10, Fixtures.history(15)).png(), 960, 480);
        Fixtures.assertPng(Charts.learningRate(plan, 10, plan).png(), 960, 480);
        assertThrows(IllegalArgumentException.class, () -> Charts.learningRate(new double[0], 10, plan));
        assertThrows(IllegalArgumentException.class, () -> Charts.learningRate(plan, 0, plan));
    }

    @Test
    void comparisonRendersSeveralExperimentsWithTarget() {
        Map<String, TrainingHistory> runs = new LinkedHashMap<>();
        runs.put("baseline", Fixtures.history(15));
        runs.put("short", Fixtures.history(5));
        ChartImage chart = Charts.testAccuracyComparison(runs, 1000, 700);
        BufferedImage img = Fixtures.assertPng(chart.png(), 1000, 700);
        assertTrue(contains(img, 0, 0, 1000, 700, Palette.BLUE));
        assertTrue(contains(img, 0, 0, 1000, 700, Palette.VERMILLION));
        assertTrue(contains(img, 0, 0, 1000, 700, Palette.GREY), "no target line");
        assertThrows(IllegalArgumentException.class, () -> Charts.testAccuracyComparison(Map.of()));
    }

    @Test
    void validationComparisonDrawsValidationAndRefusesARunWithout() {
        Map<String, TrainingHistory> runs = new LinkedHashMap<>();
        runs.put("lesson", validated(5, 98.0));
        runs.put("yours", validated(5, 98.5));
        ChartImage chart = Charts.validationAccuracyComparison(runs, 1000, 700);
        assertEquals("Validation accuracy by experiment", chart.title());
        BufferedImage img = Fixtures.assertPng(chart.png(), 1000, 700);
        assertTrue(contains(img, 0, 0, 1000, 700, Palette.BLUE));
        assertTrue(contains(img, 0, 0, 1000, 700, Palette.VERMILLION));
        runs.put("no validation", Fixtures.history(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.validationAccuracyComparison(runs, 1000, 700));
        assertTrue(e.getMessage().contains("no validation"), e.getMessage());
        assertEquals("Test accuracy by experiment", Charts.testAccuracyComparison(runs, 1000, 700).title());
    }

    private static TrainingHistory validated(int n, double validation) {
        List<org.mnistlab.train.EpochMetrics> epochs = new ArrayList<>();
        for (int e = 1; e <= n; e++) {
            epochs.add(new org.mnistlab.train.EpochMetrics(e, 0.5 / e, 90 + e, 0.1 / e, validation + 0.1 * e,
                    0.1 / e, 97.5 + 0.1 * e, 0.01, 10, 5000));
        }
        return new TrainingHistory(epochs);
    }

    @Test
    void confusionMatrixRendersAndRejectsBadShapes() {
        int[][] counts = new int[10][10];
        for (int i = 0; i < 10; i++) counts[i][i] = 990;
        counts[4][9] = 7;
        Fixtures.assertPng(Charts.confusionMatrix(counts).png(), 720, 768);
        assertThrows(IllegalArgumentException.class, () -> Charts.confusionMatrix(new int[10][9]));
        int[][] negative = new int[2][2];
        negative[0][1] = -1;
        assertThrows(IllegalArgumentException.class, () -> Charts.confusionMatrix(negative));
    }

    @Test
    void digitGridScalesEachDigitWithNearestNeighbour() {
        int[] pixels = new int[28 * 28];
        for (int y = 4; y < 24; y++) pixels[y * 28 + 14] = 255; // a vertical stroke: a "1"
        List<DigitImage> digits = new ArrayList<>();
        for (int i = 0; i < 10; i++) digits.add(DigitImage.misclassified(pixels, 1, 7, 0.87));
        ChartImage chart = Charts.digits("Misclassified", digits, 5, 4);
        BufferedImage img = chart.image();
        Fixtures.assertPng(chart.png(), img.getWidth(), img.getHeight());
        assertTrue(img.getWidth() >= 5 * 28 * 4 && img.getHeight() >= 2 * 28 * 4, "digits not enlarged 4x");
        // Pure black ink pixels exist (nearest neighbour keeps hard edges, no grey blur only).
        assertTrue(contains(img, 0, 0, img.getWidth(), img.getHeight(), java.awt.Color.BLACK));
        assertThrows(IllegalArgumentException.class, () -> Charts.digits("x", List.of(), 5));
    }

    @Test
    void filterGridRenders() {
        float[][] kernels = new float[8][9];
        for (int k = 0; k < 8; k++) for (int i = 0; i < 9; i++) kernels[k][i] = (i - 4) * (k + 1) / 10f;
        ChartImage chart = Charts.filters("conv1", kernels, 4);
        Fixtures.assertPng(chart.png(), chart.width(), chart.height());
        assertThrows(IllegalArgumentException.class, () -> Charts.filters("bad", new float[][]{new float[9],
                new float[4]}, 4));
    }

    @Test
    void classBalanceRendersOneAndTwoSeries() {
        int[] counts = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
        Fixtures.assertPng(Charts.classBalance("Test images per class", counts).png(), 1200, 600);
        Map<String, int[]> two = new LinkedHashMap<>();
        two.put("a", counts);
        two.put("b", counts);
        Fixtures.assertPng(Charts.classBalance("Both", two).png(), 1200, 600);
        two.put("c", new int[3]);
        assertThrows(IllegalArgumentException.class, () -> Charts.classBalance("Bad", two));
    }

    @Test
    void emptyHistoryIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> Charts.trainingCurves(TrainingHistory.empty()));
        assertTrue(e.getMessage().contains("empty"));
    }

    @Test
    void savePngWritesADecodableFileAndReplacesAnOldOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/curves.png");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");
        Charts.lossAndAccuracy(Fixtures.history(2)).savePng(file);
        BufferedImage img = ImageIO.read(file.toFile());
        assertEquals(960, img.getWidth());
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "temporary file left behind");
        }
    }

    private static boolean contains(BufferedImage img, int x0, int y0, int w, int h, java.awt.Color c) {
        int rgb = c.getRGB() & 0xFFFFFF;
        for (int y = y0; y < Math.min(img.getHeight(), y0 + h); y++) {
            for (int x = x0; x < Math.min(img.getWidth(), x0 + w); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == rgb) return true;
            }
        }
        return false;
    }

    @Test
    void aWeightAveragedRunIsDrawnRawAgainstAverageAndOtherRunsAreRefused() {
        java.util.List<org.mnistlab.train.EpochMetrics> epochs = new java.util.ArrayList<>();
        for (int e = 1; e <= 4; e++) {
            epochs.add(new org.mnistlab.train.EpochMetrics(e, 0.1, 99, 0.03, 98.5 + 0.2 * e, 0.03, 99, 0.01, 10, 6000)
                    .withRaw(new org.mnistlab.train.RawScores(0.04, 98.4 + 0.15 * e, 0.04, 98.9)));
        }
        ChartImage chart = Charts.rawAgainstAverage(new TrainingHistory(epochs));
        Fixtures.assertPng(chart.png(), 1000, 570);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Charts.rawAgainstAverage(Fixtures.history(4)));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("no raw-weight scores"), e.getMessage());
    }
}
