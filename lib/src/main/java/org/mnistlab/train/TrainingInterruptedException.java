package org.mnistlab.train;

/**
 * The training thread was interrupted. Thrown between batches; the last completed epoch's checkpoint (if any) is
 * intact, so the run can be resumed.
 */
public class TrainingInterruptedException extends RuntimeException {

    private final transient TrainingHistory history;

    public TrainingInterruptedException(int epoch, TrainingHistory history) {
        super("training interrupted during epoch " + epoch + " after " + history.size() + " complete epochs");
        this.history = history;
    }

    /** The epochs completed before the interruption. */
    public TrainingHistory history() {
        return history;
    }
}
