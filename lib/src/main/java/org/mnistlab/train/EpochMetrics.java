package org.mnistlab.train;

/**
 * What one epoch of training produced: the figures a learner reads in the log line, the history table and the
 * loss/accuracy curves. Accuracies are in percent (0-100), losses are mean cross-entropy per sample.
 *
 * <p>Example: {@code new EpochMetrics(7, 0.0388, 98.83, 0.0330, 99.05, 0.001042, 10.0, 6000)}
 *
 * @param epoch            1-based epoch number
 * @param trainLoss        mean training loss over the epoch (with label smoothing if it was used)
 * @param trainAccuracy    training accuracy in percent, measured on the (augmented) batches as they were trained
 * @param testLoss         mean test loss (plain cross-entropy)
 * @param testAccuracy     test accuracy in percent
 * @param learningRate     learning rate at the end of the epoch
 * @param seconds          wall-clock seconds of the epoch (training + evaluation)
 * @param samplesPerSecond training samples per second (training part only)
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                           double learningRate, double seconds, double samplesPerSecond) {

    public EpochMetrics {
        if (epoch < 1) throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
}
