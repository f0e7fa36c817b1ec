package org.mnistlab.train;

/**
 * Hooks into a training run, for progress bars, live charts and logs. Every method has an empty default, so a
 * listener implements only what it shows. Called on the training thread: keep the work small.
 *
 * <p>Example: {@code trainer.listener(new ProgressBar(System.out))}
 */
public interface TrainingListener {

    /** Before the first batch. */
    default void onStart(TrainingPlan plan) {
    }

    /** After each training batch. */
    default void onBatch(BatchProgress progress) {
    }

    /** After each epoch's evaluation; {@code history} already contains {@code metrics}. */
    default void onEpoch(EpochMetrics metrics, TrainingHistory history) {
    }

    /** After {@link #onEpoch}, when this epoch's test accuracy beat every earlier one (the checkpoint was saved). */
    default void onNewBest(EpochMetrics metrics) {
    }

    /** After the last epoch (or an early stop). */
    default void onEnd(TrainingHistory history) {
    }
}
