package org.nd4j.nativeblas;

/**
 * Compatibility shim that lets DL4J 1.0.0-M2.1 find its oneDNN layer helpers. <b>Not part of the MNIST Lab API.</b>
 *
 * <p>Why it exists: {@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN()} by reflection. In M2.1 that class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method was renamed
 * {@code isUseONEDNN()}, so the lookup fails, DL4J marks oneDNN as unavailable for the life of the JVM, and every
 * convolution falls back to a slow im2col path (about 7x slower on MNIST). This class restores the old name and
 * delegates to the new one. {@code org.mnistlab.model.Backend} only relies on it when the native build really
 * contains oneDNN, and {@code NativeHelperShimTest} fails if a future DL4J no longer needs it or changes the lookup.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** The one member DL4J looks up: {@code Environment.getInstance().isUseMKLDNN()}. */
    public static final class Environment {

        /** Where M2.1 keeps the class DL4J is looking for. */
        public static final String CURRENT_NAME = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * True when the CPU backend's native library was built with oneDNN and is set to use it. Looked up by
         * reflection so that the library also compiles and runs with the CUDA backend, where the class is absent.
         */
        public boolean isUseMKLDNN() {
            try {
                Class<?> env = Class.forName(CURRENT_NAME);
                Object instance = env.getMethod("getInstance").invoke(null);
                return (Boolean) env.getMethod("isUseONEDNN").invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
