package org.mnistlab.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation figures: present or absent, a diverged network's NaN loss included, and what choices read. */
class EpochMetricsTest {

    @Test
    void choicesReadValidationWhenThereIsSomeElseTest() {
        EpochMetrics without = new EpochMetrics(1, 0.1, 97, 0.05, 98.5, 0.01, 10, 6000);
        assertFalse(without.hasValidation());
        assertEquals(98.5, without.choiceAccuracy());
        EpochMetrics with = new EpochMetrics(1, 0.1, 97, 0.04, 98.9, 0.05, 98.5, 0.01, 10, 6000);
        assertTrue(with.hasValidation());
        assertEquals(98.9, with.choiceAccuracy());
    }

    @Test
    void aDivergedRunKeepsItsNaNLossButALossNeedsAnAccuracy() {
        EpochMetrics diverged = new EpochMetrics(1, Double.NaN, 9.8, Double.NaN, 9.9, Double.NaN, 9.8, 0.5, 10, 6000);
        assertTrue(diverged.hasValidation());
        assertThrows(IllegalArgumentException.class,
                () -> new EpochMetrics(1, 0.1, 97, 0.04, Double.NaN, 0.05, 98.5, 0.01, 10, 6000));
    }
}
