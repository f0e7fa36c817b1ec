package org.mnistlab.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixed validation images, on real MNIST: their number, their digits, their spread and their identity. */
class ValidationSplitTest {

    private static final class Data {
        static final MnistData MNIST = MnistData.load();
    }

    @Test
    void tenThousandImagesStratifiedByDigitAndSpreadThroughTheFile() {
        MnistDataset all = Data.MNIST.train();
        int[] held = ValidationSplit.heldOut(all);
        assertEquals(10_000, held.length);
        int[] perDigit = new int[10];
        for (int i = 0; i < held.length; i++) {
            if (i > 0) assertTrue(held[i] > held[i - 1], "ascending, no repeats");
            perDigit[all.label(held[i])]++;
        }
        int[] counts = all.classCounts();
        for (int d = 0; d < 10; d++) {
            assertEquals(counts[d] / 6.0, perDigit[d], 1.0, "digit " + d + ": one in six of its " + counts[d]);
        }
        // Spread, not a block: every tenth of the file gives about a tenth of the validation images.
        for (int part = 0; part < 10; part++) {
            int from = part * 6000, to = from + 6000;
            long inPart = Arrays.stream(held).filter(i -> i >= from && i < to).count();
            assertEquals(1000, inPart, 30, "images " + from + ".." + to);
        }
        assertArrayEquals(held, ValidationSplit.heldOut(all), "the same rule gives the same images");
    }

    @Test
    void theHeldOutImagesLeaveTrainingAndNothingElseDoes() {
        MnistData split = Data.MNIST.holdOutValidation();
        assertEquals(50_000, split.train().size());
        assertEquals(10_000, split.validation().size());
        assertEquals(10_000, split.test().size());
        assertTrue(split.hasValidation());
        assertFalse(Data.MNIST.hasValidation());
        int[] held = ValidationSplit.heldOut(Data.MNIST.train());
        Set<Integer> heldSet = new HashSet<>();
        for (int i : held) heldSet.add(i);
        // The i-th validation image is the held[i]-th training image; the training images keep their file order.
        for (int i = 0; i < held.length; i += 997) {
            assertArrayEquals(Data.MNIST.train().image(held[i]), split.validation().image(i));
        }
        int k = 0;
        for (int i = 0; i < Data.MNIST.train().size() && k < 5000; i++) {
            if (heldSet.contains(i)) continue;
            if (k % 499 == 0) assertArrayEquals(Data.MNIST.train().image(i), split.train().image(k), "kept " + k);
            k++;
        }
        assertThrows(IllegalStateException.class, split::holdOutValidation);
    }

    @Test
    void quotasAddUpByLargestRemainder() {
        assertArrayEquals(new int[] {1, 1, 0}, ValidationSplit.quotas(new int[] {3, 3, 3}, 2, 9));
        assertArrayEquals(new int[] {2, 1}, ValidationSplit.quotas(new int[] {5, 4}, 3, 9));
        MnistDataset small = Data.MNIST.train().limit(600);
        assertEquals(100, ValidationSplit.heldOut(small).length, "a subset holds out the same share");
    }
}
