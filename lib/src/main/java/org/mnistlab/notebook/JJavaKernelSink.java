package org.mnistlab.notebook;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends outputs to the JJava kernel (org.dflib.jjava, IJava's maintained successor, 1.0a on PyPI as {@code jjava})
 * this JVM is running.
 *
 * <p>Why this works: JJava evaluates cells with JShell in its own JVM ({@code JJavaExecutionControl} extends
 * {@code DirectExecutionControl}), in a class loader whose parent loaded the kernel, so library code on
 * {@code JJAVA_CLASSPATH} sees the kernel's classes and its running instance, {@code BaseKernel.notebookKernel()},
 * which is set only once the kernel serves a notebook. Outputs go through the kernel's public display stream
 * ({@code kernel.getIO().display}), whose {@code display} and {@code updateDisplay(id, data)} publish
 * {@code display_data} and {@code update_display_data} for the cell being executed.
 */
final class JJavaKernelSink implements KernelSink {

    static final String BASE_KERNEL = "org.dflib.jjava.jupyter.kernel.BaseKernel";
    private static final String DISPLAY_DATA = "org.dflib.jjava.jupyter.kernel.display.DisplayData";

    private final Object stream;
    private final Constructor<?> newDisplayData;
    private final Method display;
    private final Method updateDisplay;

    private JJavaKernelSink(Object stream, Class<?> displayData) throws ReflectiveOperationException {
        this.stream = stream;
        this.newDisplayData = displayData.getConstructor(String.class);
        this.display = stream.getClass().getMethod("display", displayData);
        this.updateDisplay = stream.getClass().getMethod("updateDisplay", String.class, displayData);
    }

    /**
     * The running kernel's sink, or empty when JJava's classes are absent or no JJava kernel serves a notebook in
     * this JVM. Loading {@code BaseKernel} starts nothing, so it is safe to ask anywhere.
     */
    static Optional<KernelSink> detect() {
        try {
            Class<?> base = Class.forName(BASE_KERNEL, true, JJavaKernelSink.class.getClassLoader());
            Object kernel = base.getMethod("notebookKernel").invoke(null);
            if (kernel == null) return Optional.empty();
            Object io = base.getMethod("getIO").invoke(kernel);
            Object stream = io.getClass().getField("display").get(io);
            return Optional.of(new JJavaKernelSink(stream, Class.forName(DISPLAY_DATA, true, base.getClassLoader())));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            // No JJava, or a version whose API differs: fall back to the console.
            return Optional.empty();
        }
    }

    @Override
    public String kernelName() {
        return "jjava";
    }

    /** Shows {@code bundle} as a new output of the cell being executed, under a new display id. */
    @Override
    public String display(MimeBundle bundle) {
        String id = UUID.randomUUID().toString();
        try {
            display.invoke(stream, displayData(bundle, id));
        } catch (ReflectiveOperationException e) {
            throw sendFailed(e);
        }
        return id;
    }

    /** Replaces the output shown under {@code displayId}, wherever that cell is. */
    @Override
    public void update(String displayId, MimeBundle bundle) {
        try {
            updateDisplay.invoke(stream, displayId, displayData(bundle, displayId));
        } catch (ReflectiveOperationException e) {
            throw sendFailed(e);
        }
    }

    private Object displayData(MimeBundle bundle, String displayId) throws ReflectiveOperationException {
        return fill(newDisplayData.newInstance(bundle.plainText()), bundle, displayId);
    }

    private static IllegalStateException sendFailed(ReflectiveOperationException e) {
        return new IllegalStateException("could not send output to the Jupyter kernel: " + cause(e), e);
    }

    /**
     * Fills JJava's display-data object ({@code data}, made from the bundle's plain text) with the bundle's other
     * MIME types and the display id, through the kernel's {@code putData(String, Object)} and
     * {@code setDisplayId(String)}.
     */
    private static Object fill(Object data, MimeBundle bundle, String displayId) {
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
    private static String cause(Exception e) {
        Throwable t = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        return t.toString();
    }
}
