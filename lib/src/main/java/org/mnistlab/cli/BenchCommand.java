package org.mnistlab.cli;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.RandomAffine;
import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.data.MnistFile;
import org.mnistlab.data.MnistLocator;
import org.mnistlab.model.Architecture;
import org.mnistlab.model.BackendInfo;
import org.mnistlab.model.Models;
import org.mnistlab.model.Network;
import org.mnistlab.train.Optimizer;
import org.mnistlab.train.LrSchedule;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine.Command;
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
@Command(name = "bench", description = "Measure training/inference samples per second of each tutorial model.")
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

    @Option(names = "--pytorch", description = "Also run shared/reference/pytorch_reference.py (needs Debian's "
            + "python3-torch) on small-gap and gap-linear and print the ratio.")
    boolean pytorch;

    @Option(names = "--reference", defaultValue = "../shared/reference/pytorch_reference.py",
            description = "Path of the PyTorch reference script (default: ${DEFAULT-VALUE}).")
    Path reference;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || samples < batch) throw new IllegalArgumentException("need batch >= 1 and samples >= batch");
        MnistData data = MnistData.load();
        BackendInfo info = null;
        Map<String, Double> training = new LinkedHashMap<>();
        System.out.println("model        params  train samples/s  inference samples/s");
        for (String name : models) {
            Architecture a = Models.byName(name);
            Result r = measure(a, data, Augmentation.identity());
            info = r.info;
            training.put(name, r.train);
            System.out.printf(Locale.ROOT, "%-11s %7d  %15.0f  %19.0f%n", name, a.trainableParameters(), r.train,
                    r.inference);
        }
        if (augment) {
            Result r = measure(Models.finalModel(), data, RandomAffine.standard());
            System.out.printf(Locale.ROOT, "%-11s %7d  %15.0f  %19s  (with RandomAffine)%n", "final+aug",
                    Models.finalModel().trainableParameters(), r.train, "-");
        }
        if (info != null) {
            System.out.println("backend: " + info.describe());
        }
        System.out.printf(Locale.ROOT, "batch %d, %d timed samples per model; peak memory (resident, heap + "
                + "off-heap): %.0f MiB; peak heap: %.0f MiB%n", batch, samples, peakResidentMiB(), peakHeapMiB());
        if (pytorch) comparePyTorch(training);
        return 0;
    }

    private record Result(double train, double inference, BackendInfo info) {
    }

    private Result measure(Architecture a, MnistData data, Augmentation augmentation) {
        Network net = a.build(1);
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
            return new Result(train, inference, net.backend());
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

    private void comparePyTorch(Map<String, Double> java) throws IOException, InterruptedException {
        if (!Files.isRegularFile(reference)) {
            throw new IllegalArgumentException("no PyTorch reference script at " + reference + " (use --reference)");
        }
        Path dataDir = MnistLocator.defaults().locate(MnistFile.TRAIN_IMAGES).getParent();
        for (String arch : List.of("small-gap", "gap-linear")) {
            if (!java.containsKey(arch)) continue;
            Double torch = pytorchThroughput(arch, dataDir);
            if (torch == null) continue;
            System.out.printf(Locale.ROOT, "PyTorch %-10s %8.0f samples/s  -> DL4J/PyTorch = %.2fx%n", arch, torch,
                    java.get(arch) / torch);
        }
    }

    private Double pytorchThroughput(String arch, Path dataDir) throws IOException, InterruptedException {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        List<String> cmd = new ArrayList<>(List.of(python, reference.toString(), "--data", dataDir.toString(),
                "--mode", "throughput", "--arch", arch, "--threads",
                Integer.toString(Runtime.getRuntime().availableProcessors()), "--batch", Integer.toString(batch)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Double last = null;
        Pattern sps = Pattern.compile("\"samples_per_s\": (\\d+)");
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.append(line).append('\n');
                Matcher m = sps.matcher(line);
                if (m.find()) last = Double.parseDouble(m.group(1)); // the second (warm) epoch wins
            }
        }
        if (p.waitFor() != 0 || last == null) {
            System.out.println("PyTorch reference failed (install Debian's python3-torch):\n" + log);
            return null;
        }
        return last;
    }
}
