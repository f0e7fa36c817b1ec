package org.mnistlab.train;

/**
 * The network's own (raw) weights' scores in an epoch of a run that is evaluated on a moving average of its weights.
 * Training never uses the average, so the raw weights are the run without it: one run measures what the average
 * adds, paired epoch by epoch.
 *
 * <p>Example: {@code new RawScores(0.0301, 99.12, 0.0330, 99.05)}
 *
 * @param validationLoss     mean validation loss of the raw weights
 * @param validationAccuracy their validation accuracy in percent
 * @param testLoss           their mean test loss
 * @param testAccuracy       their test accuracy in percent
 */
public record RawScores(double validationLoss, double validationAccuracy, double testLoss, double testAccuracy) {

    public RawScores {
        if (Double.isNaN(validationAccuracy) || Double.isNaN(testAccuracy)) {
            throw new IllegalArgumentException("raw scores need a validation and a test accuracy, got "
                    + validationAccuracy + " and " + testAccuracy);
        }
    }
}
