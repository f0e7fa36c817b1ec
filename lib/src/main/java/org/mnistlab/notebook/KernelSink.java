package org.mnistlab.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
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

    /**
     * Fills a kernel's display-data object ({@code data}, made from the bundle's plain text) with the bundle's other
     * MIME types and the display id, through the kernel's {@code putData(String, Object)} and
     * {@code setDisplayId(String)}.
     */
    static Object fill(Object data, MimeBundle bundle, String displayId) {
        try {
            Class<?> type = data.getClass();
            Method putData = type.getMethod("putData", String.class, Object.class);
            for (Map.Entry<String, String> e : bundle.data().entrySet()) {
                if (!e.getKey().equals(MimeBundle.TEXT)) putData.invoke(data, e.getKey(), e.getValue());
            }
            type.getMethod("setDisplayId", String.class).invoke(data, displayId);
            return data;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Jupyter kernel rejected an output: " + cause(e), e);
        }
    }

    /** What a reflective call into the kernel failed with: the kernel's own exception where there is one. */
    static String cause(Exception e) {
        Throwable t = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        return t.toString();
    }
}
