package org.mnistlab.model.fast;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.lang.reflect.Field;
import java.util.Locale;

/**
 * MNIST Lab's fast path for small convolutional networks, switched on here: the whole training step on Java
 * arrays ({@link FastNetwork}, see {@link #accelerate}), and, for whatever DL4J still computes itself, convolution
 * and batch-norm layers computed by Java Vector API kernels ({@link VectorConv2d}, {@link VectorBatchNorm}) instead
 * of DL4J's oneDNN helpers.
 *
 * <p>Why: measured on 2 cores, DL4J 1.0.0-M2.1 with every oneDNN helper on trains the tutorial's 7,060-parameter
 * model at about a quarter of PyTorch's speed. oneDNN is tuned for wide layers; with 1-16 channels its convolution
 * backward pass and ND4J's batch-norm statistics dominate. Direct convolution in registers fits these layers.
 *
 * <p>How, per layer: DL4J's {@code ConvolutionLayer} and {@code BatchNormalization} keep one "helper" object each,
 * the slot DL4J fills with its cuDNN or oneDNN code. {@link #install} puts ours there, so the model stays an ordinary DL4J
 * {@code MultiLayerNetwork}: same parameters, updater, serialisation; saved models load with or without the fast
 * path. DL4J has no public setter for the slot, so this is the one place that reaches it by reflection
 * ({@code FastPathTest} fails if a DL4J upgrade renames it).
 *
 * <p>When: the kernels need the incubating module {@code jdk.incubator.vector} (start the JVM with
 * {@code --add-modules jdk.incubator.vector}; {@code ./mnistlab}, the notebook kernel and the tests do) and 256-bit
 * or wider vectors (AVX2 or AVX-512). Without them, or with {@code -Dmnistlab.fast=false} / environment
 * {@code MNIST_LAB_FAST=false}, the network runs on DL4J's own layers, as it did before.
 *
 * <p>Threads: {@code OMP_NUM_THREADS} if set (the same limit ND4J obeys), else every core. Results do not depend on
 * the thread count (see {@link VectorConv2d}).
 *
 * <p>Example: {@code System.out.println(FastPath.describe());}
 */
public final class FastPath {

    /** System property that switches the fast path off ({@code false}); environment {@code MNIST_LAB_FAST}. */
    public static final String PROPERTY = "mnistlab.fast";
    static final String MODULE = "jdk.incubator.vector";
    static final int MIN_VECTOR_BITS = 256;

    private FastPath() {
    }

    /** Why the fast path is off in this JVM, or {@code null} when it is on. */
    public static String unavailableReason() {
        String source = System.getProperty(PROPERTY) != null ? PROPERTY : "MNIST_LAB_FAST";
        String setting = System.getProperty(PROPERTY, System.getenv("MNIST_LAB_FAST"));
        if (setting != null && (setting.equalsIgnoreCase("false") || setting.equalsIgnoreCase("off")
                || setting.equals("0"))) {
            return "switched off (" + source + "=" + setting + ")";
        }
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return "the JVM was started without --add-modules " + MODULE;
        }
        int bits = VectorWidth.bits();
        if (bits < MIN_VECTOR_BITS) {
            return "this CPU has " + bits + "-bit vectors; the kernels need AVX2 (256-bit) or wider";
        }
        return null;
    }

    public static boolean enabled() {
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

    /** One line, e.g. {@code java-vector 512-bit, 2 threads} or {@code off: <reason>}. */
    public static String describe() {
        String reason = unavailableReason();
        return reason == null
                ? String.format(Locale.ROOT, "java-vector %d-bit, %d threads", VectorWidth.bits(), threads())
                : "off: " + reason;
    }

    /**
     * Puts the vector kernels into every plain convolution and batch-norm layer of {@code net} (after
     * {@code net.init()} or after loading), when {@link #enabled()}. Returns how many layers now use them.
     */
    public static int install(MultiLayerNetwork net) {
        if (!enabled()) return 0;
        return install(net, new Parallel(threads()));
    }

    /**
     * The whole network on the fast path: {@link #install}s the layer kernels (used when DL4J itself trains the
     * network) and returns the network compiled as a {@link FastNetwork} (input {@code channels x height x width}),
     * sharing one thread pool. Returns {@code null} when the fast path is off; when only the compilation fails
     * (a layer {@link FastNetwork} does not compute), the kernels are installed and {@code null} is returned.
     */
    public static FastNetwork accelerate(MultiLayerNetwork net, int channels, int height, int width) {
        if (!enabled()) return null;
        Parallel parallel = new Parallel(threads());
        install(net, parallel);
        try {
            return FastNetwork.compile(net, channels, height, width, parallel);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int install(MultiLayerNetwork net, Parallel parallel) {
        int installed = 0;
        for (Layer layer : net.getLayers()) {
            if (layer.getClass() == ConvolutionLayer.class) {
                setHelper(ConvolutionLayer.class, layer, new VectorConvolutionHelper(parallel));
                installed++;
            } else if (layer.getClass() == BatchNormalization.class
                    && !((BatchNormalization) layer).layerConf().isLockGammaBeta()) {
                setHelper(BatchNormalization.class, layer, new VectorBatchNormHelper(parallel));
                installed++;
            }
        }
        return installed;
    }

    /** The helper DL4J currently uses in {@code layer} (ours, oneDNN's, or null), for tests and diagnostics. */
    public static Object helperOf(Layer layer) {
        Class<?> type = layer instanceof ConvolutionLayer ? ConvolutionLayer.class
                : layer instanceof BatchNormalization ? BatchNormalization.class : null;
        if (type == null) return null;
        try {
            return helperField(type).get(layer);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setHelper(Class<?> type, Layer layer, Object helper) {
        try {
            helperField(type).set(layer, helper);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static Field helperField(Class<?> type) {
        try {
            Field f = type.getDeclaredField("helper");
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's " + type.getName() + " has no 'helper' field any more: this "
                    + "DL4J version is not the 1.0.0-M2.1 MNIST Lab's fast path was written for. Run with -D"
                    + PROPERTY + "=false, or update org.mnistlab.model.fast.FastPath.", e);
        }
    }

    /** Kept apart so that no Vector API class is loaded before the module check. */
    private static final class VectorWidth {
        static int bits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
