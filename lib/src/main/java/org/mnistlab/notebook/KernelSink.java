package org.mnistlab.notebook;

import java.util.Optional;

/**
 * A {@link DisplaySink} that is the Jupyter kernel this JVM runs: outputs become Jupyter {@code display_data} and
 * {@code update_display_data} messages of the cell being executed. The lab's kernel, JJava, runs the cells inside its
 * own JVM (JShell's direct execution), so library code can reach the running kernel through its public API by
 * reflection, without needing the kernel's jar to compile or run.
 */
interface KernelSink extends DisplaySink {

    /** The kernel's name as a user would look it up, e.g. {@code jjava}. */
    String kernelName();

    /** The sink of the Java kernel this JVM is running, or empty outside a kernel (the CLI, tests, JShell). */
    static Optional<KernelSink> detect() {
        return JJavaKernelSink.detect();
    }
}
