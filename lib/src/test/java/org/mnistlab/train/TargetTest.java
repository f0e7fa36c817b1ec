package org.mnistlab.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetTest {

    static TrainingHistory history(double... testAccuracies) {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int i = 0; i < testAccuracies.length; i++) {
            epochs.add(new EpochMetrics(i + 1, 0.1, 98, 0.05, testAccuracies[i], 0.01, 10, 5000));
        }
        return new TrainingHistory(epochs);
    }

    @Test
    void metWhenEachOfTheLastThreeReachesTheBar() {
        TargetVerdict v = Target.standard().judge(history(98.0, 99.1, 99.40, 99.45, 99.41), 7000);
        assertTrue(v.met(), v.describe());
        assertEquals(99.40, v.minLastAccuracy(), 1e-12);
        assertTrue(v.reasons().isEmpty());
    }

    @Test
    void missedWhenOneOfTheLastThreeDips() {
        TargetVerdict v = Target.standard().judge(history(99.5, 99.5, 99.39, 99.5, 99.6), 7000);
        assertFalse(v.met());
        assertEquals(1, v.reasons().size());
        assertTrue(v.reasons().get(0).contains("epoch 3"), v.reasons().toString());
    }

    @Test
    void missedWithTooManyEpochs() {
        double[] acc = new double[16];
        java.util.Arrays.fill(acc, 99.6);
        TargetVerdict v = Target.standard().judge(history(acc), 7000);
        assertFalse(v.met());
        assertTrue(v.reasons().get(0).contains("16 epochs"), v.reasons().toString());
    }

    @Test
    void missedWithTooManyParameters() {
        TargetVerdict exactly = Target.standard().judge(history(99.5, 99.5, 99.5), 8000);
        assertFalse(exactly.met(), "fewer than 8,000 means 8,000 is too many");
        assertTrue(Target.standard().judge(history(99.5, 99.5, 99.5), 7999).met());
    }

    @Test
    void missedWithTooFewEpochs() {
        assertFalse(Target.standard().judge(history(99.9, 99.9), 100).met());
    }

    @Test
    void thresholdsAreParameters() {
        Target strict = new Target(99.5, 3, 15, 6000);
        assertFalse(strict.judge(history(99.45, 99.5, 99.6), 5000).met());
        assertTrue(strict.judge(history(99.5, 99.5, 99.6), 5000).met());
        assertThrows(IllegalArgumentException.class, () -> new Target(101, 3, 15, 8000));
        assertThrows(IllegalArgumentException.class, () -> new Target(99.4, 4, 3, 8000));
    }
}
