package org.mnistlab.model;

/**
 * What one training step on a batch gave: the loss (mean cross-entropy, plus the L2 penalty when weight decay is on)
 * and the class the network predicted for each sample in that step's forward pass, before the update.
 *
 * @param loss        the batch's loss
 * @param predictions predicted class of each sample
 */
public record TrainingStep(double loss, int[] predictions) {

    /** How many predictions equal {@code labels} (one class index per sample). */
    public int correct(int[] labels) {
        if (labels.length != predictions.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + predictions.length + " predictions");
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if (labels[i] == predictions[i]) correct++;
        return correct;
    }
}
