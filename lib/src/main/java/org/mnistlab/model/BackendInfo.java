package org.mnistlab.model;

/**
 * What the numeric backend (ND4J) is, as reported in logs, {@code summary.json} and the benchmark. Which engine
 * computes a network on it is the network's own {@link Network#engine()}.
 *
 * @param backend      {@code CPU} or {@code CUDA}
 * @param nativeBuild  e.g. {@code onednn-avx512}, {@code plain-generic}, {@code cuda}
 * @param layerHelpers whether DL4J's oneDNN/cuDNN layer helpers are enabled
 * @param threads      native (OpenMP) threads
 * @param cpu          CPU model name
 * @param gpu          GPU model name(s), or {@code none}
 * @param dataType     default floating point type
 */
public record BackendInfo(String backend, String nativeBuild, LayerHelpers layerHelpers, int threads, String cpu,
                          String gpu, String dataType) {

    /** Whether DL4J hands its layers to the native library's helpers (oneDNN on CPU, cuDNN on CUDA). */
    public enum LayerHelpers { ON, OFF }

    /** Whether the native build contains oneDNN ({@code onednn-...}). */
    public boolean oneDnn() {
        return nativeBuild.startsWith("onednn");
    }

    /** One line for logs, e.g. {@code ND4J CPU (onednn-avx512, layer helpers on, 2 threads, FLOAT) on Intel Xeon ...}. */
    public String describe() {
        return "ND4J " + backend + " (" + nativeBuild + ", layer helpers "
                + layerHelpers.name().toLowerCase(java.util.Locale.ROOT) + ", " + threads + " threads, " + dataType
                + ") on " + cpu + ("none".equals(gpu) ? "" : " + " + gpu);
    }
}
