package org.mnistlab.report;

import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.TrainingHistory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test inputs with known figures, and PNG checks shared by the report and notebook tests. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A history of {@code n} epochs whose figures follow simple formulas, so tests can state expected values. */
    public static TrainingHistory history(int n) {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int e = 1; e <= n; e++) {
            epochs.add(new EpochMetrics(e, 0.5 / e, 90 + e * 0.6, 0.2 / e, 95 + e * 0.3, 0.01 / e, 10 + e * 0.1,
                    6000 + e));
        }
        return new TrainingHistory(epochs);
    }

    /** Decodes PNG bytes and checks size and that the image is not blank (more than one colour). */
    public static BufferedImage assertPng(byte[] png, int width, int height) {
        assertTrue(png.length > 8 && (png[0] & 0xFF) == 0x89 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G',
                "not a PNG signature");
        BufferedImage img;
        try {
            img = ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertNotNull(img, "PNG did not decode");
        assertEquals(width, img.getWidth(), "width");
        assertEquals(height, img.getHeight(), "height");
        assertTrue(distinctColours(img) > 1, "image is a single colour");
        return img;
    }

    public static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                colours.add(img.getRGB(x, y));
                if (colours.size() > 50) return colours.size();
            }
        }
        return colours.size();
    }
}
