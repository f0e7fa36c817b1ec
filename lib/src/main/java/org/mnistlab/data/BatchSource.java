package org.mnistlab.data;

import org.nd4j.linalg.dataset.DataSet;

import java.util.Iterator;

/**
 * Training data as the trainer consumes it: a fixed number of samples, cut into batches, and for each epoch its own
 * deterministic order (and augmentation). Asking for an epoch by number is what lets a resumed run see exactly the
 * batches an uninterrupted one would have.
 *
 * <p>Features are {@code [batch, 1, 28, 28]}, labels one-hot {@code [batch, 10]}.
 */
public interface BatchSource {

    /** Refuses a missing or empty source, naming it as {@code what} ("training", "test", ...). */
    static void requireUsable(String what, BatchSource source) {
        java.util.Objects.requireNonNull(source, what + " data");
        if (source.samples() < 1) throw new IllegalArgumentException("the " + what + " data is empty");
        if (source.batchSize() < 1) throw new IllegalArgumentException("batch size must be >= 1: " + source.batchSize());
    }

    /** Samples per epoch. */
    int samples();

    /** Batch size (the last batch of an epoch may be smaller). */
    int batchSize();

    /** Batches in one epoch. */
    default int batchesPerEpoch() {
        return (samples() + batchSize() - 1) / batchSize();
    }

    /** The batches of 1-based {@code epoch}, in that epoch's order. */
    Iterator<DataSet> epoch(int epoch);
}
