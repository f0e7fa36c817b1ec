package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.mnistlab.train.BatchProgress;
import org.mnistlab.train.EpochMetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EpochLineTest {

    @Test
    void formatsExactlyAsTheRunnerPrintsIt() {
        EpochMetrics m = new EpochMetrics(7, 0.0388, 98.83, 0.0330, 99.05, 0.001042, 10.0, 6000);
        assertEquals("Epoch  7/15 | Train: 0.0388 (98.83%) | Test: 0.0330 (99.05%) | LR: 0.001042 | Time: 10.0s",
                EpochLine.format(m, 15));
    }

    @Test
    void showsTheValidationFiguresWhenTheRunHasThem() {
        EpochMetrics m = new EpochMetrics(7, 0.0388, 98.83, 0.0301, 99.12, 0.0330, 99.05, 0.001042, 10.0, 6000);
        assertEquals("Epoch  7/15 | Train: 0.0388 (98.83%) | Val: 0.0301 (99.12%) | Test: 0.0330 (99.05%) | LR: "
                + "0.001042 | Time: 10.0s", EpochLine.format(m, 15));
    }

    @Test
    void padsTheEpochToTheWidthOfTheTotal() {
        EpochMetrics m = new EpochMetrics(12, 0.03876, 98.834, 0.03304, 99.046, 0.0010416, 9.96, 6000);
        assertEquals("Epoch 12/15 | Train: 0.0388 (98.83%) | Test: 0.0330 (99.05%) | LR: 0.001042 | Time: 10.0s",
                EpochLine.format(m, 15));
        assertEquals("Epoch 12/9", EpochLine.format(m, 9).substring(0, 10));
    }

    @Test
    void progressLineShowsBarBatchLossAccuracyThroughputAndEta() {
        BatchProgress p = BatchProgress.of(3, 15).batch(160, 469).running(0.08123, 97.614).learningRate(0.01).speed(6012.4, 51.2).build();
        assertEquals("Epoch  3/15 [#######-------------] 160/469 | loss 0.0812 | acc 97.61% | 6,012 img/s | ETA 51s",
                ProgressLine.format(p));
        assertEquals("2m05s", ProgressLine.duration(125));
        assertEquals("1h02m", ProgressLine.duration(3720));
        assertEquals("?", ProgressLine.duration(Double.NaN));
    }
}
