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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench}: training and inference throughput of every tutorial model on real MNIST, with the backend, native
 * build, threads and peak memory, and (with {@code --pytorch}) the PyTorch CPU reference measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training/inference samples per second of each tutorial model.")
final class BenchCommand implements Callable<Integer> {

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
        String torchPython = pytorch ? torchPython().toString() : null;
        TorchTimings lastTorch = null;
        MnistData data = MnistData.load();
        Path dataDir = MnistLocator.defaults().locate(MnistFile.TRAIN_IMAGES).getParent();
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
            Result r = measure(a, data, Augmentation.identity(), choice);
            info = r.info;
            engines.computeIfAbsent(r.engine.describe(), k -> new ArrayList<>()).add(name);
            double gflops = r.train * 6.0 * a.multiplyAdds() / 1e9; // forward and both gradients: 3 x 2 FLOP per MAC
            String row = String.format(Locale.ROOT, "%-11s %7d  %15.0f  %19.0f  %7.1f  %8.1f%%", name,
                    a.trainableParameters(), r.train, r.inference, gflops, 100 * gflops / peak);
            if (pytorch) {
                // Right after this model's own timing, so both see the machine in the same state.
                TorchTimings torch = pytorchThroughput(torchPython, a.toText(), dataDir, a.trainableParameters());
                if (torch != null) lastTorch = torch;
                row += torch == null ? "  (PyTorch failed)" : String.format(Locale.ROOT,
                        "  %13.0f  %4.2fx  %12.0f %-21s %4.2fx", torch.eager().samplesPerSecond(),
                        r.train / torch.eager().samplesPerSecond(), torch.best().samplesPerSecond(),
                        "(" + torch.best().label() + ")", r.train / torch.best().samplesPerSecond());
            }
            System.out.println(row);
            System.out.flush();
            if (layers) profiles.put(name, profile(a, data, choice));
        }
        profiles.forEach((name, table) -> System.out.print(System.lineSeparator() + name + ":" + System.lineSeparator()
                + table));
        if (augment) {
            Result r = measure(Models.finalModel(), data, RandomAffine.standard(), choice);
            System.out.printf(Locale.ROOT, "%-11s %7d  %15.0f  %19s  (with RandomAffine)%n", "final+aug",
                    Models.finalModel().trainableParameters(), r.train, "-");
        }
        engines.forEach((e, trained) -> System.out.println("engine: " + e + ", for " + String.join(", ", trained)));
        if (info != null) {
            System.out.println("backend: " + info.describe());
        }
        System.out.printf(Locale.ROOT, "batch %d, %d timed samples per model; peak memory (resident, heap + "
                + "off-heap): %.0f MiB; peak heap: %.0f MiB%n", batch, samples, peakResidentMiB(), peakHeapMiB());
        System.out.printf(Locale.ROOT, "GFLOP/s: 6 x the model's multiply-adds per training image x samples/s; peak: "
                + "%.1f GFLOP/s, fused multiply-adds on %s-bit vectors measured on %d thread(s) (FmaPeak)%n", peak,
                JavaEngine.available() ? Integer.toString(FmaPeak.bits()) : "no", JavaEngine.available()
                        ? JavaEngine.threads() : 1);
        if (pytorch) {
            System.out.println("PyTorch: " + (lastTorch == null ? "(no run succeeded)" : "torch "
                    + lastTorch.version()) + ", " + torchPython + ", scripts/pytorch_bench.py, " + samples
                    + " samples timed after 20 warm-up batches; eager: " + cores() + " threads (the default); best: the "
                    + "fastest of eager, channels_last, torch.compile and both, on 1 and " + cores() + " threads");
            if (lastTorch != null && !lastTorch.failures().isEmpty()) {
                System.out.println("PyTorch configurations that failed: " + String.join("; ", lastTorch.failures()));
            }
        }
        return 0;
    }

    private record Result(double train, double inference, BackendInfo info, Engine engine) {
    }

    private Result measure(Architecture a, MnistData data, Augmentation augmentation, EngineChoice choice) {
        Network net = a.build(1, choice);
        int steps = (samples + batch - 1) / batch;
        net.configureOptimizer(Optimizer.sgdMomentum(0.9).toUpdater(LrSchedule.constant(0.01), 1, steps + 20), 0);
        try (MnistBatches batches = MnistBatches.of(data.train()).batchSize(batch).shuffle(1)
                .augment(augmentation).build()) {
            int warmup = 20;
            for (int i = 0; i < warmup; i++) {
                DataSet ds = batches.next();
                net.fit(ds.getFeatures(), ds.getLabels());
            }
            long t0 = System.nanoTime();
            int seen = 0;
            while (seen < samples) {
                if (!batches.hasNext()) batches.reset();
                DataSet ds = batches.next();
                net.fit(ds.getFeatures(), ds.getLabels());
                seen += ds.numExamples();
            }
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

    /** One model's training step, layer by layer: a fresh network, 20 warm-up steps, then {@code samples} timed. */
    private String profile(Architecture a, MnistData data, EngineChoice choice) {
        Network net = a.build(1, choice);
        int steps = (samples + batch - 1) / batch;
        net.configureOptimizer(Optimizer.sgdMomentum(0.9).toUpdater(LrSchedule.constant(0.01), 1, steps + 20), 0);
        try (MnistBatches batches = MnistBatches.of(data.train()).batchSize(batch).shuffle(1).build()) {
            for (int i = 0; i < 20; i++) {
                DataSet ds = batches.next();
                net.fit(ds.getFeatures(), ds.getLabels());
            }
            LayerTimes times = net.timeLayers();
            for (int i = 0; i < steps; i++) {
                if (!batches.hasNext()) batches.reset();
                DataSet ds = batches.next();
                net.fit(ds.getFeatures(), ds.getLabels());
            }
            return times.table();
        }
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

    /** {@code --python}, else {@code $MNIST_LAB_TORCH_PYTHON}, else the checkout's venv, else {@code python3}. */
    private Path torchPython() {
        if (python != null) return python;
        String env = System.getenv("MNIST_LAB_TORCH_PYTHON");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path venv = checkout().resolve(".venv").resolve("bin").resolve("python");
        return Files.isExecutable(venv) ? venv : Path.of("python3");
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** One PyTorch configuration's training samples/s, e.g. {@code compile+channels_last, 2 threads}. */
    private record TorchTiming(String config, int threads, double samplesPerSecond) {
        String label() {
            return config + ", " + threads + "t";
        }
    }

    /** A model's PyTorch timings: eager on every core (the default), the fastest of all, and what failed. */
    private record TorchTimings(TorchTiming eager, TorchTiming best, String version, List<String> failures) {
    }

    /**
     * Times {@code arch} with {@code scripts/pytorch_bench.py} in every configuration on 1 thread and on every core,
     * or returns null (with the script's output printed) when it fails. Refuses a network whose parameter count
     * differs from {@code params}: then it is not the same network.
     */
    private TorchTimings pytorchThroughput(String python, String arch, Path dataDir, long params)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python,
                checkout().resolve("scripts").resolve("pytorch_bench.py").toString(), "--arch", arch));
        cmd.addAll(List.of("--data", dataDir.toString(), "--threads", cores() == 1 ? "1" : "1," + cores(),
                "--batch", Integer.toString(batch), "--samples", Integer.toString(samples)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<TorchTiming> timings = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        String torchVersion = "?";
        Long theirParams = null;
        Pattern timing = Pattern.compile("\"config\": \"([^\"]+)\", \"threads\": (\\d+), \"samples_per_s\": (\\d+)");
        Pattern failure = Pattern.compile("\"config\": \"([^\"]+)\", \"threads\": (\\d+), \"error\": \"(.*)\"");
        Pattern count = Pattern.compile("\"trainable_params\": (\\d+)");
        Pattern version = Pattern.compile("\"torch\": \"([^\"]+)\"");
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.append(line).append('\n');
                Matcher t = timing.matcher(line);
                if (t.find()) {
                    timings.add(new TorchTiming(t.group(1), Integer.parseInt(t.group(2)),
                            Double.parseDouble(t.group(3))));
                }
                Matcher f = failure.matcher(line);
                if (f.find()) failures.add(f.group(1) + ", " + f.group(2) + "t: " + f.group(3));
                Matcher c = count.matcher(line);
                if (c.find()) theirParams = Long.parseLong(c.group(1));
                Matcher v = version.matcher(line);
                if (v.find()) torchVersion = v.group(1);
            }
        }
        TorchTiming eager = timings.stream().filter(t -> t.config().equals("eager") && t.threads() == cores())
                .findFirst().orElse(null);
        if (p.waitFor() != 0 || eager == null) {
            System.out.println("PyTorch timing failed with " + python + " (./mnistlab run bench --pytorch installs "
                    + "requirements-pytorch.txt into the project venv; or pass --python):\n" + log);
            return null;
        }
        if (theirParams == null || theirParams != params) {
            throw new IllegalStateException("PyTorch built a network with " + theirParams + " trainable parameters, "
                    + "MNIST Lab's has " + params + ":\n" + log);
        }
        TorchTiming best = timings.stream().max(java.util.Comparator.comparingDouble(TorchTiming::samplesPerSecond))
                .orElseThrow();
        return new TorchTimings(eager, best, torchVersion, List.copyOf(failures));
    }
}
