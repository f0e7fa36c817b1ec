package org.mnistlab.notebook;

/**
 * Where {@link Display} sends outputs: the Jupyter kernel ({@link KernelSink}) or the console
 * ({@link ConsoleSink}). A display can be replaced in place later through the id {@link #display} returned,
 * which is how live progress and charts update without piling up outputs.
 */
public interface DisplaySink {

    /** Shows a new output and returns its display id. */
    String display(MimeBundle bundle);

    /** Replaces the output shown under {@code displayId} (from {@link #display}). */
    void update(String displayId, MimeBundle bundle);
}
