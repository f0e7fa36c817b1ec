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
        TorchTiming lastTorch = null;
        MnistData data = MnistData.load();
        Path dataDir = MnistLocator.defaults().locate(MnistFile.TRAIN_IMAGES).getParent();
        EngineChoice choice = engine.choice();
        BackendInfo info = null;
        Map<String, List<String>> engines = new LinkedHashMap<>(); // engine -> the models it trained
        System.out.println("model        params  train samples/s  inference samples/s"
                + (pytorch ? "  PyTorch train samples/s  MNIST Lab / PyTorch" : ""));
        for (String name : models) {
            Architecture a = Models.byName(name);
            Result r = measure(a, data, Augmentation.identity(), choice);
            info = r.info;
            engines.computeIfAbsent(r.engine.describe(), k -> new ArrayList<>()).add(name);
            String row = String.format(Locale.ROOT, "%-11s %7d  %15.0f  %19.0f", name, a.trainableParameters(),
                    r.train, r.inference);
            if (pytorch) {
                // Right after this model's own timing, so both see the machine in the same state.
                TorchTiming torch = pytorchThroughput(torchPython, a.toText(), dataDir, a.trainableParameters());
                if (torch != null) lastTorch = torch;
                row += torch == null ? "  (PyTorch failed)" : String.format(Locale.ROOT, "  %23.0f  %19.2fx",
                        torch.samplesPerSecond(), r.train / torch.samplesPerSecond());
            }
            System.out.println(row);
            System.out.flush();
        }
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
        if (pytorch) {
            System.out.println("PyTorch: " + (lastTorch == null ? "(no run succeeded)" : "torch "
                    + lastTorch.version() + ", " + lastTorch.threads() + " threads") + ", " + torchPython
                    + ", scripts/pytorch_bench.py; the second "
                    + "of two epochs over the 60,000 training images");
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

    /** One PyTorch timing: samples/s of the warm epoch, and the PyTorch that ran it. */
    private record TorchTiming(double samplesPerSecond, String version, String threads) {
    }

    /**
     * Times {@code arch} with {@code scripts/pytorch_bench.py} and returns the samples/s of its last epoch line, or
     * null (with the script's output printed) when it fails. Refuses a network whose parameter count differs from
     * {@code params}: then it is not the same network.
     */
    private TorchTiming pytorchThroughput(String python, String arch, Path dataDir, long params)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python,
                checkout().resolve("scripts").resolve("pytorch_bench.py").toString(), "--arch", arch));
        cmd.addAll(List.of("--data", dataDir.toString(), "--threads",
                Integer.toString(Runtime.getRuntime().availableProcessors()), "--batch", Integer.toString(batch)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Double last = null;
        String torchVersion = "?";
        String torchThreads = "?";
        Long theirParams = null;
        Pattern sps = Pattern.compile("\"samples_per_s\": (\\d+)");
        Pattern count = Pattern.compile("\"trainable_params\": (\\d+)");
        Pattern version = Pattern.compile("\"torch\": \"([^\"]+)\", \"threads\": (\\d+)");
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.append(line).append('\n');
                Matcher m = sps.matcher(line);
                if (m.find()) last = Double.parseDouble(m.group(1)); // the second (warm) epoch wins
                Matcher c = count.matcher(line);
                if (c.find()) theirParams = Long.parseLong(c.group(1));
                Matcher v = version.matcher(line);
                if (v.find()) {
                    torchVersion = v.group(1);
                    torchThreads = v.group(2);
                }
            }
        }
        if (p.waitFor() != 0 || last == null) {
            System.out.println("PyTorch timing failed with " + python + " (./mnistlab run bench --pytorch installs "
                    + "requirements-pytorch.txt into the project venv; or pass --python):\n" + log);
            return null;
        }
        if (theirParams == null || theirParams != params) {
            throw new IllegalStateException("PyTorch built a network with " + theirParams + " trainable parameters, "
                    + "MNIST Lab's has " + params + ":\n" + log);
        }
        return new TorchTiming(last, torchVersion, torchThreads);
    }
}
