package org.mnistlab.train;

/**
 * What one epoch of training produced: the figures a learner reads in the log line, the history table and the
 * loss/accuracy curves. Accuracies are in percent (0-100), losses are mean cross-entropy per sample.
 *
 * <p>Example: {@code new EpochMetrics(7, 0.0388, 98.83, 0.0301, 99.12, 0.0330, 99.05, 0.001042, 10.0, 6000)}
 *
 * @param epoch              1-based epoch number
 * @param trainLoss          mean training loss over the epoch (with label smoothing if it was used)
 * @param trainAccuracy      training accuracy in percent, measured on the (augmented) batches as they were trained
 * @param validationLoss     mean loss on the held-out validation images (plain cross-entropy), NaN when none
 * @param validationAccuracy accuracy in percent on the validation images: what choices are made on; NaN when none
 * @param testLoss         mean test loss (plain cross-entropy)
 * @param testAccuracy     test accuracy in percent
 * @param learningRate     learning rate at the end of the epoch
 * @param seconds          wall-clock seconds of the epoch (training + evaluation)
 * @param samplesPerSecond training samples per second (training part only)
 * @param raw              in a run evaluated on a weight average and with validation images, the raw weights'
 *                         scores; null otherwise
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                           double validationAccuracy, double testLoss, double testAccuracy, double learningRate,
                           double seconds, double samplesPerSecond, RawScores raw) {

    public EpochMetrics {
        if (epoch < 1) throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
        // A diverged network has a NaN loss and still an accuracy; no accuracy means no validation images at all.
        if (Double.isNaN(validationAccuracy) && !Double.isNaN(validationLoss)) {
            throw new IllegalArgumentException("a validation loss (" + validationLoss + ") without an accuracy");
        }
    }

    /** An epoch evaluated on the weights themselves. */
    public EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
                        double validationAccuracy, double testLoss, double testAccuracy, double learningRate,
                        double seconds, double samplesPerSecond) {
        this(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, testLoss, testAccuracy,
                learningRate, seconds, samplesPerSecond, null);
    }

    /** An epoch of a run without validation images. */
    public EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                        double learningRate, double seconds, double samplesPerSecond) {
        this(epoch, trainLoss, trainAccuracy, Double.NaN, Double.NaN, testLoss, testAccuracy, learningRate, seconds,
                samplesPerSecond);
    }

    /** This epoch with the raw weights' scores beside the averaged ones. */
    public EpochMetrics withRaw(RawScores scores) {
        return new EpochMetrics(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, testLoss,
                testAccuracy, learningRate, seconds, samplesPerSecond, scores);
    }

    /** Whether the run evaluated held-out validation images. */
    public boolean hasValidation() {
        return !Double.isNaN(validationAccuracy);
    }

    /**
     * The accuracy choices are made on: validation when the run has it, else test (a run without validation images
     * has nothing else to choose on; its choices are then made on the images that judge it).
     */
    public double choiceAccuracy() {
        return hasValidation() ? validationAccuracy : testAccuracy;
    }
}
