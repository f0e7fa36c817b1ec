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

    @Test
    void theBuilderNamesEachFigureAndGivesTheSameRecord() {
        EpochMetrics built = EpochMetrics.of(7).train(0.0388, 98.83).validation(0.0301, 99.12).test(0.0330, 99.05)
                .learningRate(0.001042).took(10.0, 6000).build();
        assertEquals(new EpochMetrics(7, 0.0388, 98.83, 0.0301, 99.12, 0.0330, 99.05, 0.001042, 10.0, 6000), built);
        EpochMetrics noValidation = EpochMetrics.of(2).train(0.1, 97).test(0.05, 98.5).learningRate(0.01)
                .took(10, 6000).build();
        assertEquals(new EpochMetrics(2, 0.1, 97, 0.05, 98.5, 0.01, 10, 6000), noValidation);
        RawScores raw = new RawScores(0.03, 99.0, 0.035, 98.9);
        assertEquals(built.withRaw(raw), EpochMetrics.of(7).train(0.0388, 98.83).validation(0.0301, 99.12)
                .test(0.0330, 99.05).learningRate(0.001042).took(10.0, 6000).raw(raw).build());
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> EpochMetrics.of(3).train(0.1, 97).learningRate(0.01).took(10, 6000).build());
        assertTrue(missing.getMessage().contains("test(...)"), missing.getMessage());
    }
}
