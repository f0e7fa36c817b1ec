package org.mnistlab.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MistakeOverlapTest {

    private static Evaluation evaluation(int[] labels, int[] predictions, float[] confidence) {
        return new Evaluation(0.1, 0, labels, predictions, confidence);
    }

    @Test
    void splitsTheMistakesIntoSharedAndEachOnesOwnMostConfidentFirst() {
        int[] labels = {0, 1, 2, 3, 4, 5};
        Evaluation small = evaluation(labels, new int[] {0, 7, 2, 8, 9, 5}, new float[] {1, 0.6f, 1, 0.9f, 0.7f, 1});
        Evaluation big = evaluation(labels, new int[] {6, 7, 2, 3, 4, 5}, new float[] {0.8f, 0.5f, 1, 1, 1, 1});
        MistakeOverlap o = MistakeOverlap.of(small, big);
        assertEquals(6, o.images());
        assertArrayEquals(new int[] {1}, o.shared());
        assertArrayEquals(new int[] {3, 4}, o.onlyFirst(), "image 3 (0.9) before image 4 (0.7)");
        assertArrayEquals(new int[] {0}, o.onlySecond());
        assertEquals(3, o.firstMistakes());
        assertEquals(2, o.secondMistakes());
    }

    @Test
    void refusesEvaluationsOfDifferentImages() {
        Evaluation a = evaluation(new int[] {0, 1}, new int[] {0, 1}, new float[] {1, 1});
        Evaluation b = evaluation(new int[] {1, 0}, new int[] {1, 0}, new float[] {1, 1});
        assertThrows(IllegalArgumentException.class, () -> MistakeOverlap.of(a, b));
        Evaluation c = evaluation(new int[] {0}, new int[] {0}, new float[] {1});
        assertThrows(IllegalArgumentException.class, () -> MistakeOverlap.of(a, c));
    }
}
