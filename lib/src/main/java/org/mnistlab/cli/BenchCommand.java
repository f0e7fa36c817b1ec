package org.mnistlab.cli;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.RandomAffine;
import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.data.MnistFile;
import org.mnistlab.data.MnistLocator;
import org.mnistlab.model.Architecture;
import org.mnistlab.model.BackendInfo;
import org.mnistlab.model.Engine;
import org.mnistlab.model.EngineChoice;
import org.mnistlab.model.Models;
import org.mnistlab.model.Network;
import org.mnistlab.model.engine.FmaPeak;
import org.mnistlab.model.engine.JavaEngine;
import org.mnistlab.model.engine.LayerTimes;
import org.mnistlab.train.Optimizer;
import org.mnistlab.train.LrSchedule;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bench}: training and inference throughput of every tutorial model on real MNIST, with the backend, native
 * build, threads and peak memory, and (with {@code --pytorch}) the PyTorch CPU reference measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training/inference samples per second of each tutorial model.")
final class BenchCommand implements Callable<Integer> {

    /** Training steps before the clock starts: the JIT compiles the kernels, the arrays reach their size. */
    private static final int WARMUP = 20;

    @Option(names = "--models", split = ",", defaultValue = "baseline,batchnorm,dropout,gap,final,small-gap,gap-linear",
            description = "Models to measure (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--samples", defaultValue = "20000",
            description = "Training samples timed per model, after a warm-up (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--augment", description = "Also time the final model with RandomAffine augmentation.")
    boolean augment;

    @Option(names = "--rounds", defaultValue = "1", description = "Measure each model this many times, MNIST Lab and "
            + "PyTorch in turn, and print the median of each figure: on a shared machine one run may differ from the "
            + "next by a fifth (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--layers", description = "Also print where each model's training step spends its time, layer by "
            + "layer (the java-vector engine only; timed in a second pass, after the throughput).")
    boolean layers;

    @Mixin
    EngineOption engine = new EngineOption();

    @Option(names = "--pytorch", description = "Also time each model in PyTorch on the CPU (scripts/pytorch_bench.py: "
            + "the same network layer for layer), right after it is timed here, and print the ratio. "
            + "./mnistlab run bench --pytorch installs PyTorch into the project venv first.")
    boolean pytorch;

    @Option(names = "--python", description = "The Python with PyTorch 2.x for --pytorch (default: $MNIST_LAB_TORCH_PYTHON, "
            + "else the checkout's .venv/bin/python, else python3).")
    Path python;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || samples < batch) throw new IllegalArgumentException("need batch >= 1 and samples >= batch");
        if (rounds < 1) throw new IllegalArgumentException("need --rounds >= 1: " + rounds);
        MnistData data = MnistData.load();
        Path dataDir = MnistLocator.defaults().locate(MnistFile.TRAIN_IMAGES).getParent();
        String torchPython = pytorch ? PyTorchBench.python(python).toString() : null;
        PyTorchBench torchBench = pytorch ? new PyTorchBench(torchPython, dataDir, batch, samples) : null;
        PyTorchBench.Timings lastTorch = null;
        EngineChoice choice = engine.choice();
        BackendInfo info = null;
        Map<String, List<String>> engines = new LinkedHashMap<>(); // engine -> the models it trained
        Map<String, String> profiles = new LinkedHashMap<>(); // model -> its layer table, printed after the throughput
        // Without the Vector API there is no FMA peak to measure: NaN, printed as such.
        double peak = JavaEngine.available() ? FmaPeak.gflops(JavaEngine.threads()) : Double.NaN;
        System.out.println("model        params  train samples/s  inference samples/s  GFLOP/s  % of peak"
                + (pytorch ? "  PyTorch eager  ratio  PyTorch best (config)              ratio" : ""));
        for (String name : models) {
            Architecture a = Models.byName(name);
            List<Result> results = new ArrayList<>();
            List<PyTorchBench.Timings> torch = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                results.add(measure(a, data, Augmentation.identity(), choice));
                // Right after this model's own timing, so both see the machine in the same state.
                PyTorchBench.Timings t = pytorch ? torchBench.time(a.toText(), a.trainableParameters()) : null;
                if (t != null) torch.add(t);
            }
            Result r = results.get(0);
            info = r.info;
            engines.computeIfAbsent(r.engine.describe(), k -> new ArrayList<>()).add(name);
            double train = median(results.stream().mapToDouble(Result::train).toArray());
            double inference = median(results.stream().mapToDouble(Result::inference).toArray());
            double gflops = train * 6.0 * a.multiplyAdds() / 1e9; // forward and both gradients: 3 x 2 FLOP per MAC
            String row = String.format(Locale.ROOT, "%-11s %7d  %15.0f  %19.0f  %7.1f  %8.1f%%", name,
                    a.trainableParameters(), train, inference, gflops, 100 * gflops / peak);
            if (pytorch) {
                if (!torch.isEmpty()) lastTorch = torch.get(torch.size() - 1);
                if (torch.size() < rounds) {
                    row += "  (PyTorch failed)";
                } else {
                    double eager = median(torch.stream().mapToDouble(t -> t.eager().samplesPerSecond()).toArray());
                    double best = median(torch.stream().mapToDouble(t -> t.best().samplesPerSecond()).toArray());
                    // The configuration that won the round whose best is nearest the median.
                    String config = torch.stream().min(java.util.Comparator.comparingDouble(
                            t -> Math.abs(t.best().samplesPerSecond() - best))).orElseThrow().best().label();
                    row += String.format(Locale.ROOT, "  %13.0f  %4.2fx  %12.0f %-21s %4.2fx", eager, train / eager,
                            best, "(" + config + ")", train / best);
                }
            }
            System.out.println(row);
            System.out.flush();
            if (layers) profiles.put(name, profile(a, data, choice));
        }
        profiles.forEach((name, table) -> System.out.print(System.lineSeparator() + name + ":" + System.lineSeparator()
                + table));
        if (augment) {
            double[] train = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                train[round] = measure(Models.finalModel(), data, RandomAffine.standard(), choice).train;
            }
            System.out.printf(Locale.ROOT, "%-11s %7d  %15.0f  %19s  (with RandomAffine)%n", "final+aug",
                    Models.finalModel().trainableParameters(), median(train), "-");
        }
        engines.forEach((e, trained) -> System.out.println("engine: " + e + ", for " + String.join(", ", trained)));
        // The JIT compiles the engine's Vector API code: another JDK, another speed (the same bits).
        System.out.println("jvm: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vendor") + ")");
        if (info != null) {
            System.out.println("backend: " + info.describe());
        }
        System.out.printf(Locale.ROOT, "batch %d, %d timed samples per model%s; peak memory (resident, heap + "
                + "off-heap): %.0f MiB; peak heap: %.0f MiB%n", batch, samples, rounds == 1 ? ""
                : ", " + rounds + " rounds" + (pytorch ? " (MNIST Lab, then PyTorch, per round)" : "")
                + ", each figure their median",
                peakResidentMiB(), peakHeapMiB());
        System.out.printf(Locale.ROOT, "GFLOP/s: 6 x the model's multiply-adds per training image x samples/s; peak: "
                + "%.1f GFLOP/s, fused multiply-adds on %s-bit vectors measured on %d thread(s) (FmaPeak)%n", peak,
                JavaEngine.available() ? Integer.toString(FmaPeak.bits()) : "no", JavaEngine.available()
                        ? JavaEngine.threads() : 1);
        if (pytorch) {
            System.out.println("PyTorch: " + (lastTorch == null ? "(no run succeeded)" : "torch "
                    + lastTorch.version()) + ", " + torchPython + ", scripts/pytorch_bench.py, " + samples
                    + " samples timed after 20 warm-up batches; eager: " + PyTorchBench.cores() + " threads (the "
                    + "default); best: the fastest of eager, channels_last, torch.compile and both, on 1 and "
                    + PyTorchBench.cores() + " threads");
            if (lastTorch != null && !lastTorch.failures().isEmpty()) {
                System.out.println("PyTorch configurations that failed: " + String.join("; ", lastTorch.failures()));
            }
        }
        return 0;
    }

    /** The middle value (the mean of the two middle ones for an even count). */
    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private record Result(double train, double inference, BackendInfo info, Engine engine) {
    }

    private Result measure(Architecture a, MnistData data, Augmentation augmentation, EngineChoice choice) {
        try (MnistBatches batches = MnistBatches.of(data.train()).batchSize(batch).shuffle(1)
                .augment(augmentation).build()) {
            Network net = warmedUp(a, choice, batches);
            long t0 = System.nanoTime();
            int seen = train(net, batches);
            double train = seen / ((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            int inferred = 0;
            try (MnistBatches test = MnistBatches.inOrder(data.test(), 1000)) {
                while (test.hasNext()) inferred += net.predict(test.next().getFeatures()).length;
            }
            double inference = inferred / ((System.nanoTime() - t1) / 1e9);
            return new Result(train, inference, net.backend(), net.engine());
        }
    }

    /** One model's training step, layer by layer: a fresh network, the warm-up, then {@code samples} timed. */
    private String profile(Architecture a, MnistData data, EngineChoice choice) {
        try (MnistBatches batches = MnistBatches.of(data.train()).batchSize(batch).shuffle(1).build()) {
            Network net = warmedUp(a, choice, batches);
            LayerTimes times = net.timeLayers();
            train(net, batches);
            return times.table();
        }
    }

    /** A fresh network of {@code a} with the bench's optimiser, after {@value #WARMUP} steps on {@code batches}. */
    private Network warmedUp(Architecture a, EngineChoice choice, MnistBatches batches) {
        Network net = a.build(1, choice);
        int steps = (samples + batch - 1) / batch;
        net.configureOptimizer(Optimizer.sgdMomentum(0.9).toUpdater(LrSchedule.constant(0.01), 1, steps + WARMUP),
                0);
        for (int i = 0; i < WARMUP; i++) {
            DataSet ds = batches.next();
            net.fit(ds.getFeatures(), ds.getLabels());
        }
        return net;
    }

    /** Trains on at least {@code samples} images of {@code batches}, starting them again at the end; returns how many. */
    private int train(Network net, MnistBatches batches) {
        int seen = 0;
        while (seen < samples) {
            if (!batches.hasNext()) batches.reset();
            DataSet ds = batches.next();
            net.fit(ds.getFeatures(), ds.getLabels());
            seen += ds.numExamples();
        }
        return seen;
    }

    /** Peak resident set size of this process (VmHWM): heap, off-heap buffers and native libraries together. */
    static double peakResidentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Double.NaN;
    }

    static double peakHeapMiB() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum / 1024.0 / 1024.0;
    }

    /** The checkout this library was built in: the first folder above its jar or classes with the bench script. */
    static Path checkout() {
        try {
            Path here = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("scripts").resolve("pytorch_bench.py"))) return dir;
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // fall through
        }
        throw new java.io.UncheckedIOException(new java.io.FileNotFoundException("scripts/pytorch_bench.py not found "
                + "above " + BenchCommand.class.getProtectionDomain().getCodeSource().getLocation()
                + "; run the bench from an MNIST Lab checkout"));
    }

}
