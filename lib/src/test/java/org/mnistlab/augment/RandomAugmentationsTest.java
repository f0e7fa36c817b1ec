package org.mnistlab.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RandomAugmentationsTest {
    private static final float BG = Augmentation.MNIST_BLACK;

    /** A digit-like image: black background with a bright, asymmetric stroke. */
    static float[] digitLike() {
        float[] image = new float[28 * 28];
        Arrays.fill(image, BG);
        for (int row = 5; row < 23; row++) {
            image[row * 28 + 10] = 2.8215f;             // vertical stroke (white = (1 - 0.1307) / 0.3081)
            image[row * 28 + 11] = 1.5f;
        }
        for (int col = 10; col < 20; col++) {
            image[5 * 28 + col] = 2.8215f;              // top bar to the right: a "7"-ish shape mirrored
        }
        return image;
    }

    private static List<Augmentation> all() {
        return List.of(RandomAffine.standard(), RandomRotation.of(7), RandomPerspective.of(0.5, 1.0),
                RandomErasing.of(1.0, 0.02, 0.15), Augmentations.standard(), Augmentations.strong(), Augmentations.light());
    }

    @Test
    void sameSeedGivesTheSameOutputAndOtherSeedsDiffer() {
        float[] image = digitLike();
        for (Augmentation a : all()) {
            float[] first = a.apply(image, 28, 28, new SplittableRandom(11));
            float[] again = a.apply(image, 28, 28, new SplittableRandom(11));
            assertArrayEquals(first, again, a.toString());
            boolean anyDifferent = false;
            for (int seed = 12; seed < 20 && !anyDifferent; seed++) {
                anyDifferent = !Arrays.equals(first, a.apply(image, 28, 28, new SplittableRandom(seed)));
            }
            assertTrue(anyDifferent, "other seeds should give other images: " + a);
        }
    }

    @Test
    void neverModifiesTheInput() {
        float[] image = digitLike();
        float[] copy = image.clone();
        for (Augmentation a : all()) {
            for (int seed = 0; seed < 20; seed++) {
                a.apply(image, 28, 28, new SplittableRandom(seed));
            }
        }
        assertArrayEquals(copy, image);
    }

    @Test
    void outputStaysWithinBackgroundAndInputRange() {
        float[] image = digitLike();
        float max = 2.8215f;
        for (Augmentation a : all()) {
            for (int seed = 0; seed < 200; seed++) {
                for (float v : a.apply(image, 28, 28, new SplittableRandom(seed))) {
                    assertTrue(v >= BG - 1e-6f && v <= max + 1e-6f, a + " gave " + v);
                }
            }
        }
    }

    @Test
    void zeroRangesAreTheIdentity() {
        float[] image = digitLike();
        SplittableRandom random = new SplittableRandom(3);
        assertArrayEquals(image, RandomAffine.of(0).apply(image, 28, 28, random));
        assertArrayEquals(image, RandomRotation.of(0).apply(image, 28, 28, random));
        // Distortion 0 keeps the corners in place: the homography is the identity.
        assertArrayEquals(image, RandomPerspective.of(0, 1).apply(image, 28, 28, random), 1e-5f);
        assertSame(image, RandomPerspective.of(0.5, 0).apply(image, 28, 28, random));
        assertSame(image, RandomErasing.of(0, 0.1, 0.2).apply(image, 28, 28, random));
        assertSame(image, Augmentations.none().apply(image, 28, 28, random));
    }

    @Test
    void affineDrawsStayWithinTheirRanges() {
        RandomAffine affine = RandomAffine.standard();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            AffineTransform t = affine.sample(28, 28, random);
            assertTrue(Math.abs(t.angleDegrees()) <= 10);
            assertTrue(Math.abs(t.translateX()) <= Math.rint(0.08 * 28) && t.translateX() == Math.rint(t.translateX()));
            assertTrue(Math.abs(t.translateY()) <= Math.rint(0.08 * 28) && t.translateY() == Math.rint(t.translateY()));
            assertTrue(t.scale() >= 0.95 && t.scale() <= 1.08);
            assertTrue(Math.abs(t.shearXDegrees()) <= 8 && t.shearYDegrees() == 0);
        }
    }

    @Test
    void perspectiveCornersMoveInwardByAtMostTheDistortion() {
        RandomPerspective perspective = RandomPerspective.of(0.2, 1);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 500; i++) {
            double[][] end = perspective.sampleEndpoints(28, 28, random);
            double[][] start = RandomPerspective.corners(28, 28);
            for (int c = 0; c < 4; c++) {
                assertTrue(Math.abs(end[c][0] - start[c][0]) <= 2 && Math.abs(end[c][1] - start[c][1]) <= 2);
            }
            // The homography takes every displaced corner back to the original corner.
            Homography h = Homography.fromCorners(start, end);
            for (int c = 0; c < 4; c++) {
                double[] mapped = h.map(end[c][0], end[c][1]);
                assertEquals(start[c][0], mapped[0], 1e-6);
                assertEquals(start[c][1], mapped[1], 1e-6);
            }
        }
    }

    @Test
    void perspectiveIsAppliedWithItsProbability() {
        float[] image = digitLike();
        RandomPerspective perspective = RandomPerspective.of(0.5, 0.25);
        int changed = 0;
        int n = 2000;
        for (int seed = 0; seed < n; seed++) {
            if (perspective.apply(image, 28, 28, new SplittableRandom(seed)) != image) {
                changed++;
            }
        }
        assertEquals(0.25, changed / (double) n, 0.04);
    }

    @Test
    void erasingFillsARectangleOfTheExpectedArea() {
        float[] image = new float[28 * 28];
        Arrays.fill(image, 1f); // no pixel equals the fill before erasing
        RandomErasing erasing = RandomErasing.of(1.0, 0.02, 0.15);
        double total = 0;
        int n = 2000;
        for (int seed = 0; seed < n; seed++) {
            float[] out = erasing.apply(image, 28, 28, new SplittableRandom(seed));
            int erased = 0;
            int minRow = 28, maxRow = -1, minCol = 28, maxCol = -1;
            for (int i = 0; i < out.length; i++) {
                if (out[i] == BG) {
                    erased++;
                    minRow = Math.min(minRow, i / 28);
                    maxRow = Math.max(maxRow, i / 28);
                    minCol = Math.min(minCol, i % 28);
                    maxCol = Math.max(maxCol, i % 28);
                }
            }
            if (erased > 0) {
                // Exactly a filled rectangle.
                assertEquals((maxRow - minRow + 1) * (maxCol - minCol + 1), erased);
                // Whole-pixel rounding of the sides lets the area stray a little from 2-15 %.
                assertTrue(erased >= 0.5 * 0.02 * 784 && erased <= 1.4 * 0.15 * 784, "erased " + erased);
            }
            total += erased / 784.0;
        }
        // Mean of U(0.02, 0.15) is 0.085, less the rare draws that do not fit.
        assertEquals(0.085, total / n, 0.01);
    }

    @Test
    void erasingUsesTheConfiguredFill() {
        float[] image = new float[28 * 28];
        float[] out = RandomErasing.of(1.0, 0.1, 0.1).withFill(7f).apply(image, 28, 28, new SplittableRandom(1));
        assertTrue(Arrays.toString(out).contains("7.0"));
    }

    @Test
    void pipelineAppliesStepsInOrderWithOneGenerator() {
        float[] image = digitLike();
        Augmentation pipeline = Augmentation.pipeline(RandomRotation.of(10), RandomErasing.of(1, 0.05, 0.1));
        SplittableRandom a = new SplittableRandom(4);
        float[] expected = RandomErasing.of(1, 0.05, 0.1).apply(RandomRotation.of(10).apply(image, 28, 28, a), 28, 28, a);
        assertArrayEquals(expected, pipeline.apply(image, 28, 28, new SplittableRandom(4)));
        assertArrayEquals(expected, RandomRotation.of(10).then(RandomErasing.of(1, 0.05, 0.1))
                .apply(image, 28, 28, new SplittableRandom(4)));
    }

    @Test
    void standardSettingsAreTheDocumentedOnes() {
        assertEquals(new RandomAffine(10, 0.08, 0.08, 0.95, 1.08, 8, BG), RandomAffine.standard());
        assertEquals(new RandomPerspective(0.2, 0.25, BG), RandomPerspective.standard());
        assertEquals(new RandomErasing(0.5, 0.02, 0.15, 0.3, 3.3, BG), RandomErasing.standard());
        assertEquals(new RandomRotation(7, BG), RandomRotation.of(7));
        assertEquals(-0.1307f / 0.3081f, BG, 1e-7f);
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> RandomAffine.of(-1));
        assertThrows(IllegalArgumentException.class, () -> RandomAffine.standard().withScale(1.2, 1.1));
        assertThrows(IllegalArgumentException.class, () -> RandomAffine.standard().withScale(0, 1));
        assertThrows(IllegalArgumentException.class, () -> RandomAffine.standard().withTranslate(1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> RandomAffine.standard().withShear(90));
        assertThrows(IllegalArgumentException.class, () -> RandomPerspective.of(0.2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> RandomErasing.of(0.5, 0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> RandomErasing.of(0.5, 0.2, 0.1));
        assertThrows(IllegalArgumentException.class, () -> RandomRotation.of(5).withFill(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> RandomAffine.standard().apply(new float[5], 28, 28,
                new SplittableRandom(1)));
        assertFalse(RandomAffine.standard().equals(RandomAffine.standard().withFill(0)));
    }
}
