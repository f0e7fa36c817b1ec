package org.mnistlab.train;

/**
 * What every recorded run says about itself, whichever engine trained it: its size, where it ran and how long it
 * took. {@link RunSummary} (this library's runs) and the PyTorch runs' summaries both give it.
 */
public interface RunFacts {

    /** Trainable parameters of the network. */
    long trainableParams();

    /** The engine in words, e.g. {@code java-vector (512-bit vectors, 1 thread)} or {@code pytorch 2.15.0}. */
    String engine();

    /** Threads it trained on. */
    int threads();

    /** The CPU's model name. */
    String cpu();

    /** Seconds of training and evaluation. */
    double seconds();
}
