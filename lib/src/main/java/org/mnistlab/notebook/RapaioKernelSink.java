package org.mnistlab.notebook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Sends outputs to the rapaio Jupyter kernel (io.github.padreati:rapaio-jupyter-kernel 3.0.x) this JVM is running.
 *
 * <p>Why this works: the kernel runs notebook cells through JShell with a <em>direct</em> execution control
 * (its {@code RapaioExecutionControl} extends {@code DirectExecutionControl}), i.e. in the kernel's own JVM, in a
 * class loader whose parent is the one that loaded the kernel. Library code on {@code RJK_CLASSPATH} therefore
 * sees the kernel's classes and its one running instance, {@code MainApp.kernel}.
 *
 * <p>Why reflection: the library must not need the kernel jar to compile or run (the CLI and tests have no kernel).
 * It uses only the kernel's public API: {@code DisplayData.fromText/putData/setDisplayId} to build a bundle with
 * every MIME type we choose (the kernel's {@code Global.display(Object)} would re-render our object into one type),
 * and {@code RapaioKernel.display/updateDisplay}, which publish Jupyter's {@code display_data} and
 * {@code update_display_data} messages for the cell being executed.
 */
final class RapaioKernelSink implements KernelSink {

    static final String MAIN_CLASS = "org.rapaio.jupyter.kernel.MainApp";
    private static final String DISPLAY_DATA = "org.rapaio.jupyter.kernel.display.DisplayData";

    private final Object kernel;
    private final Method fromText;
    private final Method display;
    private final Method updateDisplay;

    private RapaioKernelSink(Object kernel, Class<?> displayData) throws ReflectiveOperationException {
        this.kernel = kernel;
        this.fromText = displayData.getMethod("fromText", String.class);
        this.display = kernel.getClass().getMethod("display", displayData);
        this.updateDisplay = kernel.getClass().getMethod("updateDisplay", displayData);
    }

    /**
     * The running kernel's sink, or empty when this JVM is not the kernel: the kernel's main class must be loadable
     * <em>and</em> be the program this JVM was started with (checked before the class is initialised, because
     * initialising it elsewhere would start a whole kernel), and the kernel must be connected to Jupyter.
     */
    static Optional<KernelSink> detect() {
        try {
            ClassLoader loader = RapaioKernelSink.class.getClassLoader();
            Class<?> main = Class.forName(MAIN_CLASS, false, loader);
            if (!launchedAs(main, System.getProperty("sun.java.command"))) return Optional.empty();
            Object kernel = main.getField("kernel").get(null);
            if (kernel == null || kernel.getClass().getMethod("channels").invoke(kernel) == null) {
                return Optional.empty();
            }
            return Optional.of(new RapaioKernelSink(kernel, Class.forName(DISPLAY_DATA, true, main.getClassLoader())));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            // No kernel, or one whose API differs from 3.0.x: fall back to the console.
            return Optional.empty();
        }
    }

    /**
     * Whether the JVM's command ({@code sun.java.command}: main class or jar, then arguments) started the kernel:
     * {@code java -cp ... org.rapaio.jupyter.kernel.MainApp conn.json}, {@code java -jar <kernel jar> conn.json}
     * (under any file name), or {@code java -jar <launcher jar>} whose manifest names the kernel's main class.
     */
    static boolean launchedAs(Class<?> main, String command) {
        if (command == null || command.isBlank()) return false;
        String first = command.trim().split("\\s+")[0];
        if (first.equals(MAIN_CLASS)) return true;
        try {
            Path launched = Path.of(first).toRealPath();
            var source = main.getProtectionDomain().getCodeSource();
            if (source != null && Path.of(source.getLocation().toURI()).toRealPath().equals(launched)) return true;
            try (JarFile jar = new JarFile(launched.toFile())) {
                Manifest manifest = jar.getManifest();
                return manifest != null && MAIN_CLASS.equals(manifest.getMainAttributes().getValue("Main-Class"));
            }
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String kernelName() {
        return "rapaio";
    }

    @Override
    public void publish(String displayId, MimeBundle bundle, boolean update) {
        try {
            Object data = KernelSink.fill(fromText.invoke(null, bundle.plainText()), bundle, displayId);
            (update ? updateDisplay : display).invoke(kernel, data);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("could not send output to the Jupyter kernel: " + KernelSink.cause(e), e);
        }
    }
}
