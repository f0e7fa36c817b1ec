package org.mnistlab.model;

/**
 * What the numeric backend is, as reported in logs, {@code summary.json} and the benchmark.
 *
 * @param backend      {@code CPU} or {@code CUDA}
 * @param nativeBuild  e.g. {@code onednn-avx512}, {@code plain-generic}, {@code cuda}
 * @param oneDnn       the native build contains oneDNN
 * @param layerHelpers DL4J's oneDNN/cuDNN layer helpers are enabled
 * @param threads      native (OpenMP) threads
 * @param cpu          CPU model name
 * @param gpu          GPU model name(s), or {@code none}
 * @param dataType     default floating point type
 * @param kernels      who computes the network: MNIST Lab's fast path on Java vector kernels
 *                     ({@code java-vector 512-bit, 2 threads}) or DL4J itself ({@code off: <reason>}); see
 *                     {@link org.mnistlab.model.fast.FastPath}
 */
public record BackendInfo(String backend, String nativeBuild, boolean oneDnn, boolean layerHelpers, int threads,
                          String cpu, String gpu, String dataType, String kernels) {

    /**
     * One line for logs, e.g. {@code CPU (onednn-avx512, layer helpers on, 2 threads, FLOAT; fast path:
     * java-vector 512-bit, 2 threads) on Intel Xeon ...}.
     */
    public String describe() {
        return backend + " (" + nativeBuild + ", layer helpers " + (layerHelpers ? "on" : "off") + ", " + threads
                + " threads, " + dataType + "; fast path: " + kernels + ") on " + cpu
                + ("none".equals(gpu) ? "" : " + " + gpu);
    }

    /** Whether MNIST Lab's fast path (the whole network on Java vector kernels) is on. */
    public boolean usesFastPath() {
        return !kernels.startsWith("off");
    }
}
