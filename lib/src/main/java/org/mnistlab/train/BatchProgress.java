package org.mnistlab.train;

/**
 * Where a run is, after one training batch: the figures a progress line shows.
 *
 * <p>Example: {@code BatchProgress.of(3, 15).batch(160, 469).running(0.081, 97.61).learningRate(0.01)
 * .speed(6012.4, 51.2).build()}
 *
 * @param epoch            1-based epoch
 * @param epochs           last epoch of the run
 * @param batch            1-based batch within the epoch
 * @param batchesPerEpoch  batches in the epoch
 * @param runningLoss      mean training loss so far in this epoch
 * @param runningAccuracy  training accuracy so far in this epoch, percent
 * @param learningRate     learning rate used for this batch
 * @param samplesPerSecond training throughput so far in this epoch
 * @param etaSeconds       estimated seconds left in this epoch
 */
public record BatchProgress(int epoch, int epochs, int batch, int batchesPerEpoch, double runningLoss,
                            double runningAccuracy, double learningRate, double samplesPerSecond,
                            double etaSeconds) {

    public BatchProgress {
        if (epoch < 1 || epochs < epoch) throw new IllegalArgumentException("epoch " + epoch + " of " + epochs);
        if (batch < 1 || batchesPerEpoch < batch) {
            throw new IllegalArgumentException("batch " + batch + " of " + batchesPerEpoch);
        }
    }

    /** The progress of a batch of epoch {@code epoch} of {@code epochs}, step by step. */
    public static Builder of(int epoch, int epochs) {
        return new Builder(epoch, epochs);
    }

    /** Names each figure of a {@link BatchProgress}; what is not set is 0. */
    public static final class Builder {
        private final int epoch;
        private final int epochs;
        private int batch;
        private int batchesPerEpoch;
        private double runningLoss;
        private double runningAccuracy;
        private double learningRate;
        private double samplesPerSecond;
        private double etaSeconds;

        private Builder(int epoch, int epochs) {
            this.epoch = epoch;
            this.epochs = epochs;
        }

        /** The batch just trained, 1-based, of {@code batchesPerEpoch}. */
        public Builder batch(int number, int batchesPerEpoch) {
            this.batch = number;
            this.batchesPerEpoch = batchesPerEpoch;
            return this;
        }

        /** The epoch's mean training loss and accuracy (percent) so far. */
        public Builder running(double loss, double accuracy) {
            this.runningLoss = loss;
            this.runningAccuracy = accuracy;
            return this;
        }

        /** The learning rate of this batch. */
        public Builder learningRate(double rate) {
            this.learningRate = rate;
            return this;
        }

        /** Samples per second so far in this epoch, and the seconds it has left at that speed. */
        public Builder speed(double samplesPerSecond, double etaSeconds) {
            this.samplesPerSecond = samplesPerSecond;
            this.etaSeconds = etaSeconds;
            return this;
        }

        public BatchProgress build() {
            return new BatchProgress(epoch, epochs, batch, batchesPerEpoch, runningLoss, runningAccuracy, learningRate,
                    samplesPerSecond, etaSeconds);
        }
    }
}
