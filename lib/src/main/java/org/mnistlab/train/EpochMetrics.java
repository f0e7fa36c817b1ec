package org.mnistlab.train;

/**
 * What one epoch of training produced: the figures a learner reads in the log line, the history table and the
 * loss/accuracy curves. Accuracies are in percent (0-100), losses are mean cross-entropy per sample.
 *
 * <p>Example, each figure named: {@code EpochMetrics.of(7).train(0.0388, 98.83).validation(0.0301, 99.12)
 * .test(0.0330, 99.05).learningRate(0.001042).took(10.0, 6000).build()}
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

    /** A builder for epoch {@code epoch} (1-based) that names each figure; see the class's example. */
    public static Builder of(int epoch) {
        return new Builder(epoch);
    }

    /** Names the figures of an {@link EpochMetrics}; validation and the raw weights' scores are optional. */
    public static final class Builder {
        private final int epoch;
        private double trainLoss = Double.NaN, trainAccuracy = Double.NaN;
        private double validationLoss = Double.NaN, validationAccuracy = Double.NaN;
        private double testLoss = Double.NaN, testAccuracy = Double.NaN;
        private double learningRate = Double.NaN, seconds = Double.NaN, samplesPerSecond = Double.NaN;
        private RawScores raw;

        private Builder(int epoch) {
            this.epoch = epoch;
        }

        /** The mean training loss and the training accuracy in percent. */
        public Builder train(double loss, double accuracy) {
            this.trainLoss = loss;
            this.trainAccuracy = accuracy;
            return this;
        }

        /** The validation images' mean loss and accuracy in percent (left out: a run without validation). */
        public Builder validation(double loss, double accuracy) {
            this.validationLoss = loss;
            this.validationAccuracy = accuracy;
            return this;
        }

        /** The test images' mean loss and accuracy in percent. */
        public Builder test(double loss, double accuracy) {
            this.testLoss = loss;
            this.testAccuracy = accuracy;
            return this;
        }

        /** The learning rate at the end of the epoch. */
        public Builder learningRate(double rate) {
            this.learningRate = rate;
            return this;
        }

        /** The epoch's wall-clock seconds and its training samples per second. */
        public Builder took(double seconds, double samplesPerSecond) {
            this.seconds = seconds;
            this.samplesPerSecond = samplesPerSecond;
            return this;
        }

        /** The raw weights' scores, in a run evaluated on a weight average (null: none). */
        public Builder raw(RawScores scores) {
            this.raw = scores;
            return this;
        }

        /** @throws IllegalStateException when the training or test figures, the rate or the time were not given */
        public EpochMetrics build() {
            // NaN marks "not given" here; a diverged run's NaN loss comes with its accuracy, which is never NaN.
            if (Double.isNaN(trainAccuracy) || Double.isNaN(testAccuracy) || Double.isNaN(learningRate)
                    || Double.isNaN(seconds)) {
                throw new IllegalStateException("epoch " + epoch + ": give train(...), test(...), learningRate(...) "
                        + "and took(...)");
            }
            return new EpochMetrics(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, testLoss,
                    testAccuracy, learningRate, seconds, samplesPerSecond, raw);
        }
    }
}
