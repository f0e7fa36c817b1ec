package org.mnistlab.model;

import java.util.Locale;

/**
 * Which {@link Engine} a network should use. Chosen per network ({@code Network.create(architecture, seed,
 * EngineChoice.DL4J)}), on the command line ({@code --engine dl4j}), or for a whole JVM with the environment
 * variable {@value #ENVIRONMENT} or the system property {@value #PROPERTY} ({@code auto}, {@code java-vector},
 * {@code dl4j}).
 */
public enum EngineChoice {

    /** The Java engine when it can compute the network, else DL4J, with the reason: the default. */
    AUTO,
    /** The Java engine, or an error that says why it cannot run this network. */
    JAVA_VECTOR,
    /** DL4J's own layers. */
    DL4J;

    public static final String ENVIRONMENT = "MNIST_LAB_ENGINE";
    public static final String PROPERTY = "mnistlab.engine";

    /**
     * The choice of this JVM: the system property, else the environment variable, else {@link #AUTO} (an empty
     * setting is no setting).
     *
     * @throws IllegalArgumentException for a value other than the three
     */
    public static EngineChoice fromEnvironment() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) return parse(property, "-D" + PROPERTY);
        String env = System.getenv(ENVIRONMENT);
        if (env != null && !env.isBlank()) return parse(env, ENVIRONMENT);
        return AUTO;
    }

    /** {@code auto}, {@code java-vector} or {@code dl4j} (any case). */
    public static EngineChoice parse(String text) {
        return parse(text, "engine");
    }

    private static EngineChoice parse(String text, String where) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case Engine.JAVA_VECTOR -> JAVA_VECTOR;
            case Engine.DL4J -> DL4J;
            default -> throw new IllegalArgumentException(where + "=" + text + ": expected auto, "
                    + Engine.JAVA_VECTOR + " or " + Engine.DL4J);
        };
    }

    /** The text {@link #parse} reads: {@code auto}, {@code java-vector} or {@code dl4j}. */
    public String text() {
        return switch (this) {
            case AUTO -> "auto";
            case JAVA_VECTOR -> Engine.JAVA_VECTOR;
            case DL4J -> Engine.DL4J;
        };
    }
}
