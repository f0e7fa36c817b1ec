package org.mnistlab.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BatchAugmenterTest {

    private static float[] images(int n) {
        float[] all = new float[n * 784];
        for (int i = 0; i < n; i++) {
            float[] one = RandomAugmentationsTest.digitLike();
            one[i % 784] = 1f; // make each image a little different
            System.arraycopy(one, 0, all, i * 784, 784);
        }
        return all;
    }

    @Test
    void parallelAndSequentialGiveIdenticalResults() {
        float[] images = images(300);
        BatchAugmenter augmenter = new BatchAugmenter(Augmentations.strong(), 42, 28, 28);
        assertArrayEquals(augmenter.augmentAll(images, 3, false), augmenter.augmentAll(images, 3, true));
    }

    @Test
    void resultOfASampleDependsOnSeedEpochAndIndexNotOnItsPosition() {
        float[] images = images(50);
        BatchAugmenter augmenter = new BatchAugmenter(Augmentations.standard(), 7, 28, 28);
        float[] inOrder = augmenter.augmentAll(images, 1, true);
        int[] order = {17, 3, 42};
        float[] batch = new float[3 * 784];
        augmenter.augment(images, order, 0, 3, 1, batch, true);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(Arrays.copyOfRange(inOrder, order[k] * 784, (order[k] + 1) * 784),
                    Arrays.copyOfRange(batch, k * 784, (k + 1) * 784));
        }
        assertFalse(Arrays.equals(inOrder, augmenter.augmentAll(images, 2, true)), "another epoch, other draws");
        assertFalse(Arrays.equals(inOrder, new BatchAugmenter(Augmentations.standard(), 8, 28, 28)
                .augmentAll(images, 1, true)), "another seed, other draws");
    }

    @Test
    void seedsAreDistinctAcrossSamplesEpochsAndStreams() {
        Set<Long> seen = new HashSet<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            seen.add(Seeds.forShuffle(1, epoch));
            for (int sample = 0; sample < 500; sample++) {
                seen.add(Seeds.forSample(1, epoch, sample));
            }
        }
        assertEquals(20 + 20 * 500, seen.size());
        assertNotEquals(Seeds.forSample(1, 0, 0), Seeds.forSample(2, 0, 0));
    }

    @Test
    void rejectsBadRanges() {
        BatchAugmenter augmenter = new BatchAugmenter(Augmentations.light(), 1, 28, 28);
        assertThrows(IllegalArgumentException.class,
                () -> augmenter.augment(images(2), new int[] {0, 1}, 1, 2, 0, new float[2 * 784], false));
        assertThrows(IllegalArgumentException.class,
                () -> augmenter.augment(images(2), new int[] {0, 1}, 0, 2, 0, new float[784], false));
        assertThrows(IllegalArgumentException.class, () -> augmenter.augmentAll(new float[100], 0, false));
    }
}
