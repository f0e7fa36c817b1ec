package org.mnistlab.model.engine;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MNIST Lab's Java engine for small convolutional networks: the whole training step of a DL4J
 * {@link MultiLayerNetwork} on Java arrays ({@link JavaNetwork}, see {@link #compile}), and, for whatever DL4J still
 * computes itself, convolution and BatchNorm layers computed by Java Vector API kernels ({@link VectorConv2d},
 * {@link VectorBatchNorm}) instead of DL4J's layers.
 *
 * <p>Why: measured on 2 cores, DL4J 1.0.0-M2.1 with every oneDNN helper on trains the tutorial's 7,060-parameter
 * model at about a quarter of PyTorch's speed. oneDNN is tuned for wide layers; with 1-16 channels its convolution
 * backward pass and ND4J's batch-norm statistics dominate. Direct convolution in registers fits these layers.
 *
 * <p>How: {@link #compile} reads a DL4J {@code MultiLayerNetwork} into a {@link JavaNetwork} that trains the same
 * parameters (the network's own parameter vector, so DL4J's serialisation and evaluation still work on it). A network
 * the engine cannot run is left to DL4J's own layers, untouched.
 *
 * <p>When: the kernels need the incubating module {@code jdk.incubator.vector} (start the JVM with
 * {@code --add-modules jdk.incubator.vector}; {@code ./mnistlab}, the notebook kernel and the tests do) and 128-bit
 * or wider vectors; {@link #unavailableReason()} says what is missing.
 *
 * <p>Same bits on every CPU: every sum follows {@link Lanes}' fixed logical layout and the transcendental functions
 * are {@code StrictMath}'s, so a seed trains to the same parameters on 128-, 256- and 512-bit vectors
 * ({@code CrossWidthTest}). Outside that promise: DL4J's own layers and ND4J's native code (weight initialisation,
 * the DL4J updater when {@code JavaOptimizer} does not cover it), which are the same binary on every x86-64 CPU.
 *
 * <p>Threads: {@code OMP_NUM_THREADS} if set (the same limit ND4J obeys), else every core, in one pool that every
 * network shares. Results do not depend on the thread count (see {@link VectorConv2d}).
 *
 * <p>Example: {@code System.out.println(JavaEngine.describe());}
 */
public final class JavaEngine {

    static final String MODULE = "jdk.incubator.vector";
    /** Narrower hardware vectors (or none) leave the engine slower than DL4J's own layers. */
    static final int MIN_VECTOR_BITS = 128;

    /** The listener hooks DL4J calls with its own forward and backward pass, which this engine does not have. */
    private static final List<String> PASS_HOOKS = List.of("onForwardPass", "onGradientCalculation", "onBackwardPass");

    private JavaEngine() {
    }

    /**
     * Why this JVM cannot run the Java engine, or {@code null} when it can.
     *
     * @throws IllegalArgumentException when {@code -Dmnistlab.vectorBits} is set to something other than 128, 256, 512
     */
    public static String unavailableReason() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return "the JVM was started without --add-modules " + MODULE;
        }
        int bits = VectorWidth.hardwareBits();
        if (bits < MIN_VECTOR_BITS) {
            return "this CPU has " + bits + "-bit vectors; the Java engine needs 128-bit vectors (SSE, NEON) or wider";
        }
        return null;
    }

    public static boolean available() {
        return unavailableReason() == null;
    }

    /** Threads the kernels use: {@code OMP_NUM_THREADS} when set to a positive number, else every core. */
    public static int threads() {
        String omp = System.getenv("OMP_NUM_THREADS");
        try {
            int n = omp == null ? 0 : Integer.parseInt(omp.trim());
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // ignored, as OpenMP ignores it
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * How the engine runs in this JVM, e.g. {@code 256-bit vectors, 2 threads} ({@code 256-bit vectors (forced), ...}
     * when {@code -Dmnistlab.vectorBits} chose a width); call when {@link #available()}. The width changes the speed,
     * never the result.
     */
    public static String describe() {
        int threads = threads();
        return String.format(Locale.ROOT, "%d-bit vectors%s, %d thread%s", Lanes.bits(),
                Lanes.forced() ? " (forced)" : "", threads, threads == 1 ? "" : "s");
    }

    /**
     * {@code net} (initialised; its input {@code channels x height x width}, NCHW) compiled for the Java engine,
     * on the shared worker pool.
     *
     * @throws IllegalArgumentException naming the layer or configuration feature the engine does not compute
     * @throws IllegalStateException    when this JVM cannot run the engine ({@link #unavailableReason()})
     */
    public static JavaNetwork compile(MultiLayerNetwork net, int channels, int height, int width) {
        String reason = unavailableReason();
        if (reason != null) throw new IllegalStateException(reason);
        return JavaNetwork.compile(net, channels, height, width, WorkerPool.shared());
    }

    /**
     * Why a listener cannot be served by the Java engine, or {@code null} when every one can: it calls
     * {@code iterationDone} (after each step, with DL4J's score set), {@code onEpochStart} and {@code onEpochEnd},
     * as DL4J does, but it has no DL4J forward or backward pass to report. A listener that overrides one of those
     * hooks, or implements {@link TrainingListener} directly (so any hook may do something), needs DL4J's own
     * layers.
     */
    public static String unsupportedListener(Collection<TrainingListener> listeners) {
        for (TrainingListener listener : listeners) {
            for (var method : listener.getClass().getMethods()) {
                if (PASS_HOOKS.contains(method.getName()) && method.getDeclaringClass() != BaseTrainingListener.class
                        && !method.isDefault() && isHook(method.getParameterTypes())) {
                    return "listener " + listener.getClass().getName() + " implements " + method.getName()
                            + ", which needs DL4J's own forward and backward pass";
                }
            }
        }
        return null;
    }

    private static boolean isHook(Class<?>[] parameters) {
        return parameters.length >= 1 && parameters[0] == Model.class && (parameters.length == 1
                || parameters.length == 2 && (parameters[1] == List.class || parameters[1] == Map.class));
    }

    /** Kept apart so that no Vector API class is loaded before the module check. */
    private static final class VectorWidth {
        /** The CPU's own width. Validates {@code -Dmnistlab.vectorBits} first: a bad value fails with its message. */
        static int hardwareBits() {
            VectorBits.chosen();
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
