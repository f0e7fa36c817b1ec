package org.mnistlab.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mnistlab.train.RunFacts;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RunSummary;
import org.mnistlab.train.Target;
import org.mnistlab.train.TargetVerdict;
import org.mnistlab.train.TrainingHistory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The committed full runs under {@code results/<experiment>/<seed>/} ({@code history.csv} + {@code summary.json}),
 * read back for the notebooks' "full run" tables, the comparison notebook and the README.
 *
 * <p>Example: {@code Results.find().forExperiment("04-gap")}
 *
 * @param dir the {@code results} folder
 */
public record Results(Path dir) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One committed run.
     *
     * @param experiment experiment name (folder)
     * @param seed       seed (sub-folder)
     * @param history    per-epoch figures
     * @param summary    its summary.json: a {@link RunSummary} for this library's runs, a {@link PyTorchSummary} for
     *                   PyTorch's
     */
    public record Run(String experiment, int seed, TrainingHistory history, RunFacts summary) {

        public long trainableParams() {
            return summary.trainableParams();
        }

        /** The verdict recomputed from the history (not read from summary.json). */
        public TargetVerdict verdict() {
            return Target.standard().judge(history, trainableParams());
        }

        public ExperimentOutcome outcome() {
            return new ExperimentOutcome(experiment, seed, trainableParams(), history, verdict().met());
        }
    }

    /**
     * The committed results: {@code $MNIST_LAB_RESULTS}, else the {@code results} folder of the checkout found from
     * the working directory upwards (notebooks run in {@code notebooks/}), else {@code $MNIST_LAB_HOME/results} (the
     * checkout the kernel was installed from: a notebook copied elsewhere, such as the Docker image's
     * {@code work/}, still shows the committed runs).
     */
    public static Results find() {
        return find(System::getenv, Path.of("").toAbsolutePath());
    }

    static Results find(Function<String, String> env, Path workingDirectory) {
        String results = env.apply("MNIST_LAB_RESULTS");
        if (results != null && !results.isBlank()) return new Results(Path.of(results));
        for (Path p = workingDirectory; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("results"))) return new Results(p.resolve("results"));
            if (Files.isRegularFile(p.resolve("mnistlab"))) return new Results(p.resolve("results"));
        }
        String home = env.apply("MNIST_LAB_HOME");
        if (home != null && !home.isBlank()) return new Results(Path.of(home, "results"));
        return new Results(workingDirectory.resolve("results"));
    }

    /** The folder of sweeps ({@code results/sweeps/NAME/}), which are not tutorial runs. */
    public static final String SWEEPS = "sweeps";

    /** The folder of the same recipes trained in PyTorch ({@code results/pytorch/EXPERIMENT/SEED/}). */
    public static final String PYTORCH = "pytorch";

    /** Searches kept as records from before every choice was made on validation ({@code results/records/}). */
    public static final String RECORDS = "records";

    /** Every committed run, by experiment then seed. */
    public List<Run> all() {
        if (!Files.isDirectory(dir)) return List.of();
        List<Run> runs = new ArrayList<>();
        try (Stream<Path> experiments = Files.list(dir)) {
            for (Path e : experiments.filter(Files::isDirectory)
                    .filter(p -> !List.of(SWEEPS, PYTORCH).contains(p.getFileName().toString())).sorted().toList()) {
                try (Stream<Path> seeds = Files.list(e)) {
                    for (Path s : seeds.filter(p -> Files.isRegularFile(p.resolve(RunRecord.SUMMARY)))
                            .sorted(Comparator.comparing(p -> seedOf(p.getFileName().toString()))).toList()) {
                        runs.add(new Run(e.getFileName().toString(), seedOf(s.getFileName().toString()),
                                RunRecord.readHistory(s), readSummary(s)));
                    }
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the results in " + dir, ex);
        }
        return runs;
    }

    /** The committed runs of one experiment (empty when it has not been run in full yet). */
    public List<Run> forExperiment(String experiment) {
        return all().stream().filter(r -> r.experiment().equals(experiment)).toList();
    }

    /** Each experiment's run of the lowest seed, for one-curve-per-experiment charts. */
    public Map<String, TrainingHistory> firstSeedHistories() {
        Map<String, TrainingHistory> m = new LinkedHashMap<>();
        for (Run r : all()) m.putIfAbsent(r.experiment(), r.history());
        return m;
    }

    /** The sweep that trains every lesson's recipe on the same seeds ({@code results/sweeps/lessons/}). */
    public static final String LESSONS = "lessons";

    /**
     * The runs of one committed sweep ({@code results/sweeps/NAME/VARIANT/SEED/}), read as these are: by variant.
     *
     * <p>Example: {@code Results.find().sweep(Results.LESSONS).spread("04-gap", "05-augmentation")}
     */
    public Results sweep(String name) {
        return new Results(dir.resolve(SWEEPS).resolve(name));
    }

    /** The same recipes trained in PyTorch by {@code scripts/pytorch_train.py}, laid out as these are. */
    public Results pytorch() {
        return new Results(dir.resolve(PYTORCH));
    }

    /** The experiments that have committed runs, in folder order. */
    public List<String> experiments() {
        return all().stream().map(Run::experiment).distinct().toList();
    }

    /**
     * The spread over seeds of each named experiment's committed runs (all experiments when none is named): how many
     * met the target, and the mean and range of the lowest test accuracy of the last 3 epochs.
     *
     * <p>Example: {@code Results.find().spread("09-weight-average").markdown()}
     */
    public SweepSummary spread(String... experiments) {
        List<Run> all = all(); // read once: each experiment's runs are picked from it
        List<String> names = experiments.length > 0 ? List.of(experiments)
                : all.stream().map(Run::experiment).distinct().toList();
        List<SweepSummary.Plan> plans = new ArrayList<>();
        for (String name : names) {
            List<Run> runs = all.stream().filter(r -> r.experiment().equals(name)).toList();
            long params = runs.isEmpty() ? knownParams(name) : runs.get(0).trainableParams();
            String recipe = !runs.isEmpty() && runs.get(0).summary() instanceof RunSummary s
                    ? s.recipeRecord().recipe() : "";
            plans.add(new SweepSummary.Plan(name, runs.stream().map(r -> (long) r.seed()).toList(), params, recipe));
        }
        try {
            return SweepSummary.read(dir, plans);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read the results in " + dir, ex);
        }
    }

    public List<ExperimentOutcome> outcomes() {
        return all().stream().map(Run::outcome).toList();
    }

    /** The parameters of the experiment of that name, so a recipe with no runs yet still shows its size; else 0. */
    private static long knownParams(String experiment) {
        try {
            return org.mnistlab.train.Experiments.byName(experiment).architecture().trainableParameters();
        } catch (IllegalArgumentException unknown) {
            return 0;
        }
    }

    /** A run's summary.json, of this library's form or PyTorch's (which records the script's {@code args}). */
    private static RunFacts readSummary(Path dir) throws IOException {
        Path file = dir.resolve(RunRecord.SUMMARY);
        JsonNode tree = JSON.readTree(file.toFile());
        if (!tree.has(PyTorchSummary.ARGS)) return RunRecord.summaryOf(tree, file);
        try {
            return JSON.treeToValue(tree, PyTorchSummary.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException(file + " is not a PyTorch run's summary: " + e.getMessage(), e);
        }
    }

    private static int seedOf(String folder) {
        try {
            return Integer.parseInt(folder);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("results folders are named by seed, found '" + folder + "'");
        }
    }
}
