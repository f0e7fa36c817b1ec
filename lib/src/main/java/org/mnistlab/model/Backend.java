package org.mnistlab.model;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The numeric backend under every model: which ND4J build is loaded, described for the run records.
 *
 * <p>DL4J's own layers run as DL4J 1.0.0-M2.1 ships them: its cuDNN/oneDNN layer helpers stay as the JVM's
 * {@value #HELPERS_DISABLED_PROPERTY} property says (DL4J's default: off). Nothing here changes JVM-wide settings; a
 * GPU user who wants cuDNN's helpers starts the JVM with {@code -D}{@value #HELPERS_DISABLED_PROPERTY}{@code =false}.
 *
 * <p>On the CUDA backend it first checks that the GPU is one ND4J 1.0.0-M2.1 was compiled for (compute capability
 * 3.7 to 8.6, no PTX): on a Hopper GPU (H100) it fails with {@link UnsupportedGpuException} instead of crashing
 * in native code.
 *
 * <p>Example: {@code BackendInfo info = Backend.prepare(); System.out.println(info.describe());}
 */
public final class Backend {

    /** DL4J's switch for its cuDNN/oneDNN layer helpers (read each time a layer is created). */
    public static final String HELPERS_DISABLED_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    /**
     * ND4J 1.0.0-M2.1's CUDA 11.6 build has machine code for compute capabilities 3.7 to 8.6 and no PTX. Machine
     * code runs on later minor versions of the same major (8.6 code on 8.9, Ada), never on a later major (9.0,
     * Hopper).
     */
    static final int MIN_CUDA_CAPABILITY = 37;
    static final int MAX_CUDA_MAJOR = 8;

    private static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";

    private Backend() {
    }

    /**
     * Loads ND4J and describes it. Safe to call many times.
     *
     * @throws UnsupportedGpuException on the CUDA backend with a GPU ND4J has no code for
     */
    public static BackendInfo prepare() {
        if (isCudaBackendOnClasspath()) {
            checkGpuSupported(queryGpus());
        }
        return describe();
    }

    /** What is loaded now, without changing anything (loads ND4J if needed). */
    public static BackendInfo describe() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(env.getProperty("backend", "unknown"));
        String build = nativeBuildInfo();
        boolean oneDnn = build.contains("HAVE_ONEDNN");
        boolean helpers = !Boolean.parseBoolean(System.getProperty(HELPERS_DISABLED_PROPERTY, "true"))
                && Nd4j.getEnvironment().helpersAllowed();
        String simd = build.contains("AVX512") ? "avx512" : build.contains("AVX2") ? "avx2" : "generic";
        String nativeBuild = backend.equalsIgnoreCase("CPU")
                ? (oneDnn ? "onednn-" + simd : "plain-" + simd) : "cuda";
        int threads = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        String gpu = backend.equalsIgnoreCase("CUDA") ? String.join(", ", queryGpus().stream()
                .map(GpuInfo::name).toList()) : "none";
        BackendInfo.LayerHelpers layerHelpers = helpers ? BackendInfo.LayerHelpers.ON : BackendInfo.LayerHelpers.OFF;
        return new BackendInfo(backend, nativeBuild, layerHelpers, threads, cpuModel(), gpu, Nd4j.dataType().toString());
    }

    /** The native library's build flags (e.g. {@code HAVE_ONEDNN}, {@code AVX512}). */
    static String nativeBuildInfo() {
        Nd4j.getExecutioner(); // loads the native library
        String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        return info == null ? "" : info;
    }

    static boolean isCudaBackendOnClasspath() {
        try {
            Class.forName(CUDA_BACKEND_CLASS, false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Fails with a clear message when a GPU's compute capability is outside what ND4J was compiled for. */
    static void checkGpuSupported(List<GpuInfo> gpus) {
        if (gpus.isEmpty()) {
            throw new UnsupportedGpuException("The CUDA backend (Maven profile 'cuda') is on the classpath, but "
                    + "nvidia-smi reports no GPU. Build without -Pcuda to train on the CPU.");
        }
        for (GpuInfo gpu : gpus) {
            if (gpu.capability() / 10 > MAX_CUDA_MAJOR || gpu.capability() < MIN_CUDA_CAPABILITY) {
                throw new UnsupportedGpuException(String.format(Locale.ROOT,
                        "GPU '%s' has compute capability %d.%d, but ND4J 1.0.0-M2.1's CUDA build contains code "
                                + "for 3.7 to 8.6 only (Maxwell to Ampere/Ada) and no PTX, so it cannot run on it "
                                + "(Hopper GPUs such as the H100 are 9.0). Build without -Pcuda to train on the CPU.",
                        gpu.name(), gpu.capability() / 10, gpu.capability() % 10));
            }
        }
    }

    /** One GPU as nvidia-smi reports it; capability as major*10+minor. */
    record GpuInfo(String name, int capability) {
        static GpuInfo parse(String csvLine) {
            int comma = csvLine.lastIndexOf(',');
            String name = csvLine.substring(0, comma).trim();
            String[] cc = csvLine.substring(comma + 1).trim().split("\\.");
            return new GpuInfo(name, Integer.parseInt(cc[0]) * 10 + Integer.parseInt(cc[1]));
        }
    }

    static List<GpuInfo> queryGpus() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,compute_cap", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) return List.of();
            return out.lines().filter(l -> l.contains(",")).map(GpuInfo::parse).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
