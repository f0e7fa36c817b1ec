package org.mnistlab.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AffineTransformTest {
    private static final float BG = Augmentation.MNIST_BLACK;

    /** An asymmetric 28x28 pattern: distinct values everywhere, so any misplacement shows. */
    static float[] pattern(int height, int width) {
        float[] image = new float[height * width];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i * 37 % 101) / 50f - 0.4f;
        }
        return image;
    }

    @Test
    void identityLeavesTheImageUnchanged() {
        float[] image = pattern(28, 28);
        assertArrayEquals(image, AffineTransform.identity().apply(image, 28, 28, BG));
        // Also on a non-square image.
        float[] wide = pattern(5, 9);
        assertArrayEquals(wide, AffineTransform.identity().apply(wide, 5, 9, BG));
    }

    @Test
    void wholePixelTranslationMovesThePatternExactly() {
        int h = 28;
        int w = 28;
        float[] image = pattern(h, w);
        float[] moved = AffineTransform.translation(3, -2).apply(image, h, w, BG);
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int fromRow = row + 2;
                int fromCol = col - 3;
                float expected = fromRow < h && fromCol >= 0 ? image[fromRow * w + fromCol] : BG;
                assertEquals(expected, moved[row * w + col], 0f, "pixel " + row + "," + col);
            }
        }
    }

    @Test
    void positiveNinetyDegreesIsCounterClockwiseLikeNumpyRot90() {
        int n = 28;
        float[] image = pattern(n, n);
        float[] turned = AffineTransform.rotation(90).apply(image, n, n, BG);
        // np.rot90(a)[r][c] == a[c][n-1-r]: the top row moves to the left column, read bottom-up.
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                assertEquals(image[c * n + (n - 1 - r)], turned[r * n + c], 1e-5f, "pixel " + r + "," + c);
            }
        }
        // Four quarter turns give the image back.
        float[] back = turned;
        for (int i = 0; i < 3; i++) {
            back = AffineTransform.rotation(90).apply(back, n, n, BG);
        }
        assertArrayEquals(image, back, 1e-4f);
    }

    @Test
    void scaleEnlargesAboutTheCentre() {
        // A single bright pixel at the centre stays at the centre when scaled; a 2x zoom makes a dot into a blob.
        int n = 29; // odd: the centre is a pixel
        float[] image = new float[n * n];
        java.util.Arrays.fill(image, BG);
        image[14 * n + 14] = 2f;
        float[] zoomed = new AffineTransform(0, 0, 0, 2, 0, 0).apply(image, n, n, BG);
        assertEquals(2f, zoomed[14 * n + 14], 1e-6f);
        assertEquals((2f + BG) / 2, zoomed[14 * n + 15], 1e-6f); // half way between the dot and the background
        assertEquals(BG, zoomed[14 * n + 16], 1e-6f);
    }

    @Test
    void valuesStayWithinTheInputAndFillRange() {
        float[] image = pattern(28, 28);
        float min = BG;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : image) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] out = new AffineTransform(33, 2.5, -4.25, 1.3, 12, -5).apply(image, 28, 28, BG);
        for (float v : out) {
            assertEquals(true, v >= min - 1e-6f && v <= max + 1e-6f, "value " + v + " outside [" + min + ", " + max + "]");
        }
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new AffineTransform(0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new AffineTransform(0, 0, 0, 1, 90, 0));
        assertThrows(IllegalArgumentException.class, () -> new AffineTransform(Double.NaN, 0, 0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> AffineTransform.identity().apply(new float[10], 28, 28, BG));
    }
}
