package org.mnistlab.model;

import java.util.Objects;

/**
 * Which code computes a {@link Network}'s training steps and predictions, and why.
 *
 * <ul>
 *   <li>{@code java-vector}: MNIST Lab's own engine. The whole step (forward, loss, backward, optimiser) runs on
 *   Java arrays with the JDK's Vector API, while DL4J keeps the parameters, the optimiser state and the files. Its
 *   steps are checked against DL4J's own, layer by layer and step by step, in the library's tests.</li>
 *   <li>{@code dl4j}: DL4J's own layers compute everything, as {@code MultiLayerNetwork.fit} does. The reason says
 *   why: it was chosen, or the network, a listener, the JVM or the CPU needs something the Java engine does not
 *   do.</li>
 * </ul>
 *
 * <p>Example: {@code System.out.println(net.engine().describe());} prints e.g.
 * {@code java-vector (256-bit vectors, 2 threads)}.
 *
 * @param name   {@value #JAVA_VECTOR} or {@value #DL4J}
 * @param detail how it runs, e.g. {@code 256-bit vectors, 2 threads}, or {@code DL4J's own layers}
 * @param reason why DL4J computes the network; empty for the Java engine
 */
public record Engine(String name, String detail, String reason) {

    public static final String JAVA_VECTOR = "java-vector";
    public static final String DL4J = "dl4j";

    public Engine {
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(reason, "reason");
        if (!JAVA_VECTOR.equals(name) && !DL4J.equals(name)) {
            throw new IllegalArgumentException("engine name must be " + JAVA_VECTOR + " or " + DL4J + ": " + name);
        }
        if (DL4J.equals(name) == reason.isEmpty()) {
            throw new IllegalArgumentException("the dl4j engine, and only it, states a reason: '" + reason + "'");
        }
    }

    static Engine javaVector(String detail) {
        return new Engine(JAVA_VECTOR, detail, "");
    }

    static Engine dl4j(String detail, String reason) {
        return new Engine(DL4J, detail, reason);
    }

    /** {@link #arithmetic()} of the Java engine: sums in 16 logical lanes, the same bits on every CPU. */
    public static final String SIXTEEN_LANES = "16-lane";
    /** {@link #arithmetic()} of DL4J's own layers: ND4J's native code, whose sums may differ between CPUs. */
    public static final String ND4J_NATIVE = "nd4j-native";

    /**
     * How the engine adds up, as runs record it ({@code summary.json}'s {@code arithmetic}): {@value #SIXTEEN_LANES}
     * for the Java engine, whose runs are the same on every CPU and vector width, {@value #ND4J_NATIVE} for DL4J's.
     * A run is replayed bit for bit only by an engine of the same arithmetic.
     */
    public String arithmetic() {
        return isJavaVector() ? SIXTEEN_LANES : ND4J_NATIVE;
    }

    public boolean isJavaVector() {
        return JAVA_VECTOR.equals(name);
    }

    /**
     * One line for logs, records and notebooks, e.g. {@code java-vector (256-bit vectors, 2 threads)} or
     * {@code dl4j (DL4J's layers, convolution and BatchNorm on java-vector kernels; why: layer 1 (LocalResponseNormalization):
     * no java-vector version of this layer)}.
     */
    public String describe() {
        return name + " (" + detail + (reason.isEmpty() ? "" : "; why: " + reason) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
