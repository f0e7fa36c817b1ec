package org.mnistlab.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mnistlab.model.engine.JavaEngine;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.RunRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same seed trains to the same bits on 128-, 256- and 512-bit vectors: each width is forced in its own JVM
 * ({@code -Dmnistlab.vectorBits}; the Vector API runs any shape on any CPU), so an AVX2 machine checks the AVX-512
 * path too. On x86-64 one more JVM runs as on an AVX2-only CPU ({@code -XX:UseAVX=2}: the JIT emits no AVX-512
 * instruction and the CPU's own width is 256 bits), so an AVX-512 machine checks what an AVX2 laptop runs. Compared:
 * every figure of a one-epoch history on a small subset, and every byte of the saved parameters and optimiser state.
 */
@Tag("integration")
class CrossWidthTest {

    /** One JVM: its name, the vector width its engine line must show, and its options. */
    private record Jvm(String name, int bits, String option) {
    }

    private static final List<Jvm> JVMS = jvms();

    private static List<Jvm> jvms() {
        List<Jvm> jvms = new ArrayList<>();
        for (int bits : List.of(128, 256, 512)) jvms.add(new Jvm(bits + "-bit", bits, "-Dmnistlab.vectorBits=" + bits));
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) jvms.add(new Jvm("avx2-jvm", 256, "-XX:UseAVX=2"));
        return List.copyOf(jvms);
    }

    /** One recipe per line; together they cover conv, depthwise conv, BatchNorm, ReLU, pooling, dropout, GAP, dense,
     * the optimiser, OneCycle, label smoothing, the weight average and both augmentation pipelines. */
    private static final Map<String, List<String>> RECIPES = new LinkedHashMap<>();

    static {
        RECIPES.put("final", List.of("--experiment", "09-weight-average"));
        RECIPES.put("dropout-dense", List.of("--experiment", "03-dropout", "--model", "gap-linear", "--dropout",
                "0.1", "--augment", "strong", "--lr", "0.05"));
        RECIPES.put("depthwise", List.of("--experiment", "09-weight-average", "--model", "separable 1x28x28 10 : "
                + "conv(8,3,0,nobias) bn relu dwconv(3,1,bias) relu conv(12,1,0,nobias) bn relu pool(2) "
                + "dwconv(3,2,nobias,2) conv(14,1,0,nobias) bn relu dwconv(5,2,nobias) bn relu conv(10,1,0,nobias) gap"));
    }

    @BeforeAll
    static void javaEngine() {
        assertTrue(JavaEngine.available(), () -> "the Java engine cannot run in this JVM: "
                + JavaEngine.unavailableReason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"final", "dropout-dense", "depthwise"})
    void everyVectorWidthGivesTheSameBits(String recipe, @TempDir Path tmp) throws Exception {
        List<List<String>> histories = new ArrayList<>();
        List<Map<String, byte[]>> checkpoints = new ArrayList<>();
        for (Jvm jvm : JVMS) {
            Path out = tmp.resolve(recipe + "-" + jvm.name());
            String log = train(out, jvm.option(), RECIPES.get(recipe));
            assertTrue(log.contains("java-vector (" + jvm.bits() + "-bit vectors"),
                    jvm.name() + ": not on " + jvm.bits() + "-bit vectors:\n" + log);
            histories.add(metrics(out));
            checkpoints.add(parameters(out.resolve("checkpoints").resolve("last.zip")));
        }
        double accuracy = RunRecord.readHistory(tmp.resolve(recipe + "-" + JVMS.get(0).name())).last().trainAccuracy();
        assertTrue(accuracy > 15, "the run learned something (10 % is chance): " + accuracy);
        for (int i = 1; i < JVMS.size(); i++) {
            String pair = JVMS.get(0).name() + " vs " + JVMS.get(i).name();
            assertEquals(histories.get(0), histories.get(i), pair);
            assertEquals(checkpoints.get(0).keySet(), checkpoints.get(i).keySet(), pair);
            for (String entry : checkpoints.get(0).keySet()) {
                assertArrayEquals(checkpoints.get(0).get(entry), checkpoints.get(i).get(entry), pair + ": " + entry);
            }
        }
    }

    private static String train(Path out, String jvmOption, List<String> recipe)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(recipe);
        args.addAll(List.of("--epochs", "1", "--limit", "512", "--batch", "32", "--seed", "5", "--out",
                out.toString()));
        return CommandRuns.trainProcess(args, out.resolveSibling(out.getFileName() + ".log"), jvmOption);
    }

    /** Every figure of the history but the timings, at full precision. */
    private static List<String> metrics(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        for (EpochMetrics e : RunRecord.readHistory(dir).epochs()) {
            rows.add(e.epoch() + " " + e.trainLoss() + " " + e.trainAccuracy() + " " + e.testLoss() + " "
                    + e.testAccuracy() + " " + e.learningRate());
        }
        return rows;
    }

    /**
     * The checkpoint's entries: parameters, optimiser state, weight average, and the run state with its full-precision
     * history, less its timings; not the entry that names the engine (and so the width).
     */
    private static Map<String, byte[]> parameters(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                if (e.getName().equals("mnist-lab-engine.txt")) continue;
                byte[] bytes = z.getInputStream(e).readAllBytes();
                if (e.getName().endsWith(".json")) {
                    bytes = new String(bytes, StandardCharsets.UTF_8).lines()
                            .filter(line -> !line.contains("\"seconds\"") && !line.contains("\"samplesPerSecond\""))
                            .collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
                }
                entries.put(e.getName(), bytes);
            }
        }
        assertTrue(entries.containsKey("coefficients.bin"), "no parameters in " + zip + ": " + entries.keySet());
        return entries;
    }
}
