package org.mnistlab.train;

/**
 * Where a run is, after one training batch: the figures a progress line shows.
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
}
