package org.mnistlab.report;

import org.mnistlab.train.EpochMetrics;

import java.util.Locale;

/**
 * The one-line summary printed after each epoch:
 * {@code Epoch  7/15 | Train: 0.0388 (98.83%) | Test: 0.0330 (99.05%) | LR: 0.001042 | Time: 10.0s}.
 * The epoch number is padded to the width of the total, so the lines of a run stay aligned.
 */
public final class EpochLine {

    private EpochLine() {
    }

    /** The line for epoch {@code m} of a run of {@code totalEpochs}. */
    public static String format(EpochMetrics m, int totalEpochs) {
        int digits = String.valueOf(Math.max(totalEpochs, m.epoch())).length();
        String validation = m.hasValidation()
                ? String.format(Locale.ROOT, " | Val: %.4f (%.2f%%)", m.validationLoss(), m.validationAccuracy()) : "";
        return String.format(Locale.ROOT,
                "Epoch %" + digits + "d/%d | Train: %.4f (%.2f%%)%s | Test: %.4f (%.2f%%) | LR: %.6f | Time: %.1fs",
                m.epoch(), totalEpochs, m.trainLoss(), m.trainAccuracy(), validation, m.testLoss(), m.testAccuracy(),
                m.learningRate(), m.seconds());
    }
}
