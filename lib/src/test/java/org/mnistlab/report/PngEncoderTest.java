package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.TrainingHistory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PngEncoderTest {

    @Test
    void aFewColoursAreEncodedExactly() throws Exception {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 30; y++) {
            // 6 x 6 colours: fewer than the palette holds
            for (int x = 0; x < 40; x++) image.setRGB(x, y, 0xff000000 | (x / 7 * 40) << 16 | (y / 5 * 40) << 8 | 0x40);
        }
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(image, "test")));
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
        }
    }

    @Test
    void manyColoursKeepTheFrequentOnesAndTakeTheNearestForTheRest() throws Exception {
        BufferedImage image = new BufferedImage(100, 100, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) image.setRGB(x, y, 0xffffffff); // background
        }
        for (int i = 0; i < 600; i++) image.setRGB(i % 100, 10 + i / 100, 0xff000000 | i); // 600 rare near-blacks
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(image, "test")));
        assertEquals(0xffffffff, back.getRGB(50, 90), "the frequent colour is exact");
        for (int i = 0; i < 600; i++) {
            int c = back.getRGB(i % 100, 10 + i / 100);
            assertTrue((c & 0xffffff) < 0x000300, "a near-black stays near-black: " + Integer.toHexString(c));
        }
    }

    @Test
    void everySeriesColourOfAComparisonSurvivesExactly() throws Exception {
        Map<String, TrainingHistory> runs = new LinkedHashMap<>();
        for (int s = 0; s < Palette.SERIES.size(); s++) {
            List<EpochMetrics> epochs = new ArrayList<>();
            for (int e = 1; e <= 15; e++) {
                epochs.add(new EpochMetrics(e, 1.0 / e, 99, 0.5 / e, 99 - (s + 1.0) / e, 0.01, 10, 6000));
            }
            runs.put("run " + s, new TrainingHistory(epochs));
        }
        ChartImage chart = Charts.testAccuracyComparison(runs);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(chart.png()));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < back.getHeight(); y++) {
            for (int x = 0; x < back.getWidth(); x++) colours.add(back.getRGB(x, y));
        }
        assertTrue(colours.size() <= PngEncoder.PALETTE, colours.size() + " colours");
        for (Color c : Palette.SERIES) {
            assertTrue(colours.contains(c.getRGB()), "series colour " + Integer.toHexString(c.getRGB()) + " is exact");
        }
    }

    @Test
    void aTrainingChartIsAboutHalfTheSizeOfA32BitPng() throws Exception {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int e = 1; e <= 15; e++) {
            epochs.add(new EpochMetrics(e, 1.0 / e, 100 - 10.0 / e, 0.5 / e, 100 - 5.0 / e, 0.01, 10, 6000));
        }
        ChartImage chart = Charts.trainingCurves(new TrainingHistory(epochs));
        ByteArrayOutputStream argb = new ByteArrayOutputStream();
        ImageIO.write(chart.image(), "png", argb);
        int compact = chart.png().length;
        assertTrue(compact < 0.7 * argb.size(), compact + " bytes against " + argb.size());
        ByteArrayOutputStream imageIo = new ByteArrayOutputStream();
        ImageIO.write(PngEncoder.paletted(chart.image()), "png", imageIo);
        assertTrue(compact < 0.95 * imageIo.size(), "unfiltered rows at the best compression: " + compact
                + " bytes against ImageIO's " + imageIo.size() + " for the same palette");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(chart.png()));
        assertEquals(chart.width(), back.getWidth());
        assertEquals(chart.height(), back.getHeight());
    }
}
