package org.mnistlab.model;

/**
 * What the numeric backend (ND4J) is, as reported in logs, {@code summary.json} and the benchmark. Which engine
 * computes a network on it is the network's own {@link Network#engine()}.
 *
 * @param backend      {@code CPU} or {@code CUDA}
 * @param nativeBuild  e.g. {@code onednn-avx512}, {@code plain-generic}, {@code cuda}
 * @param oneDnn       the native build contains oneDNN
 * @param layerHelpers DL4J's oneDNN/cuDNN layer helpers are enabled
 * @param threads      native (OpenMP) threads
 * @param cpu          CPU model name
 * @param gpu          GPU model name(s), or {@code none}
 * @param dataType     default floating point type
 */
public record BackendInfo(String backend, String nativeBuild, boolean oneDnn, boolean layerHelpers, int threads,
                          String cpu, String gpu, String dataType) {

    /** One line for logs, e.g. {@code ND4J CPU (onednn-avx512, layer helpers on, 2 threads, FLOAT) on Intel Xeon ...}. */
    public String describe() {
        return "ND4J " + backend + " (" + nativeBuild + ", layer helpers " + (layerHelpers ? "on" : "off") + ", "
                + threads + " threads, " + dataType + ") on " + cpu + ("none".equals(gpu) ? "" : " + " + gpu);
    }
}
