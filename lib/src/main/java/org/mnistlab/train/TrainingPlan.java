package org.mnistlab.train;

/**
 * What a training run is about to do, handed to listeners before the first batch.
 *
 * @param modelName       the model being trained
 * @param firstEpoch      1 for a fresh run, later when resuming from a checkpoint
 * @param epochs          the last epoch number that will run
 * @param batchesPerEpoch training batches per epoch
 * @param trainSamples    training samples per epoch
 * @param testSamples     test samples evaluated after each epoch
 */
public record TrainingPlan(String modelName, int firstEpoch, int epochs, int batchesPerEpoch, int trainSamples,
                           int testSamples) {
}
