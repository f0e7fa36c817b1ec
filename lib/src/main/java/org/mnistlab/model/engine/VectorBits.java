package org.mnistlab.model.engine;

/**
 * The vector width the system property {@value #PROPERTY} forces: read and checked here, apart from {@link Lanes},
 * so that a bad value fails with its message before any Vector API class is loaded.
 */
final class VectorBits {

    /** System property that forces a vector width in bits: 128, 256 or 512. */
    static final String PROPERTY = "mnistlab.vectorBits";

    private VectorBits() {
    }

    /**
     * The forced width in bits, or 0 when the property is unset (the CPU's own).
     *
     * @throws IllegalArgumentException for any other value than 128, 256 or 512
     */
    static int chosen() {
        String bits = System.getProperty(PROPERTY);
        if (bits == null || bits.isBlank()) return 0;
        return switch (bits.trim()) {
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + bits
                    + ": the Java engine runs on 128-, 256- or 512-bit vectors; leave it unset for the CPU's own");
        };
    }
}
