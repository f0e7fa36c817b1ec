package org.mnistlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch side of {@code bench --pytorch}: {@code scripts/pytorch_bench.py} builds the same network layer for
 * layer and times its training in every configuration (eager, channels_last, torch.compile and both, on 1 thread and
 * on every core).
 */
final class PyTorchBench {

    private final String python;
    private final Path dataDir;
    private final int batch;
    private final int samples;

    PyTorchBench(String python, Path dataDir, int batch, int samples) {
        this.python = python;
        this.dataDir = dataDir;
        this.batch = batch;
        this.samples = samples;
    }

    /** {@code option}, else {@code $MNIST_LAB_TORCH_PYTHON}, else the checkout's venv, else {@code python3}. */
    static Path python(Path option) {
        if (option != null) return option;
        String env = System.getenv("MNIST_LAB_TORCH_PYTHON");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path venv = BenchCommand.checkout().resolve(".venv").resolve("bin").resolve("python");
        return Files.isExecutable(venv) ? venv : Path.of("python3");
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** One PyTorch configuration's training samples/s, e.g. {@code compile+channels_last, 2 threads}. */
    record Timing(String config, int threads, double samplesPerSecond) {
        String label() {
            return config + ", " + threads + "t";
        }
    }

    /** A model's PyTorch timings: eager on every core (the default), the fastest of all, and what failed. */
    record Timings(Timing eager, Timing best, String version, List<String> failures) {
    }

    /**
     * Times {@code arch} with {@code scripts/pytorch_bench.py} in every configuration on 1 thread and on every core,
     * or returns null (with the script's output printed) when it fails. Refuses a network whose parameter count
     * differs from {@code params}: then it is not the same network.
     */
    Timings time(String arch, long params) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python,
                BenchCommand.checkout().resolve("scripts").resolve("pytorch_bench.py").toString(), "--arch", arch));
        cmd.addAll(List.of("--data", dataDir.toString(), "--threads", cores() == 1 ? "1" : "1," + cores(),
                "--batch", Integer.toString(batch), "--samples", Integer.toString(samples)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<Timing> timings = new ArrayList<>();
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
                    timings.add(new Timing(t.group(1), Integer.parseInt(t.group(2)),
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
        Timing eager = timings.stream().filter(t -> t.config().equals("eager") && t.threads() == cores())
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
        Timing best = timings.stream().max(java.util.Comparator.comparingDouble(Timing::samplesPerSecond))
                .orElseThrow();
        return new Timings(eager, best, torchVersion, List.copyOf(failures));
    }
}
