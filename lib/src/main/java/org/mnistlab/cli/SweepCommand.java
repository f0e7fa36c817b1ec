package org.mnistlab.cli;

import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.Checkpoints;
import org.mnistlab.data.ValidationSplit;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.Target;
import org.mnistlab.train.TrainingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code sweep}: trains every variant of a spec on every seed, several {@code train} processes at a time with one
 * thread each (so each run is the same as a lone run of that command), and summarises which recipe holds the
 * target. Runs already finished are skipped and interrupted ones resumed, so a killed sweep goes on where it stopped.
 *
 * <p>Example: {@code sweep results/sweeps/lessons/sweep.txt --parallel 2}
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Train recipe variants x seeds from a spec "
        + "file; skip finished runs, resume interrupted ones; write summary.csv, summary.md, runs.csv and spread.png "
        + "beside the spec.")
final class SweepCommand implements java.util.concurrent.Callable<Integer> {

    static final String LOG = "train.log";
    /** MNIST's training images: what a run without {@code --limit} trains on. */
    static final int FULL_TRAINING_SET = 60_000;
    private static final long HEARTBEAT_MILLIS = 60_000;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep's spec (see SweepSpec); its runs go to "
            + "its folder, VARIANT/SEED/.")
    Path spec;

    @Option(names = "--parallel", defaultValue = "2", description = "Training processes at once, one thread each "
            + "(default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--dry-run", description = "Check the spec, list each run's state and command; train nothing.")
    boolean dryRun;

    @Option(names = "--summary-only", description = "Write the summary of the finished runs; train nothing.")
    boolean summaryOnly;

    @Option(names = "--variants", split = ",", paramLabel = "NAME", description = "Train only these variants, in "
            + "this order (the summary still covers every variant).")
    List<String> only;

    /** Where a run stands before the sweep starts. */
    enum State { FINISHED, INTERRUPTED, RUNNING_ELSEWHERE, NEW }

    /** One seed of one variant. */
    record Run(SweepSpec.Variant variant, long seed, Path dir) {
        String label() {
            return variant.name() + "/" + seed;
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (parallel < 1) throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
        SweepSpec s = SweepSpec.read(spec);
        List<Run> runs = new ArrayList<>();
        for (SweepSpec.Variant v : chosen(s)) {
            for (long seed : v.seeds()) {
                runs.add(new Run(v, seed, s.dir().resolve(v.folder()).resolve(Long.toString(seed)).normalize()));
            }
        }
        Deque<Run> todo = new ArrayDeque<>();
        int finished = 0, interrupted = 0, elsewhere = 0;
        for (Run r : runs) {
            State state = state(r); // a run of another recipe fails here, before anything trains
            if (state == State.FINISHED) finished++;
            else if (state == State.RUNNING_ELSEWHERE) elsewhere++;
            else todo.add(r);
            if (state == State.INTERRUPTED) interrupted++;
            if (dryRun) {
                System.out.printf("%-11s train %s%n", state.name().toLowerCase(Locale.ROOT),
                        String.join(" ", quoted(trainArgs(r, state == State.INTERRUPTED))));
            }
        }
        System.out.printf("sweep: %d runs of %d variants in %s: %d finished, %d to resume, %d to start%s; %d at a "
                        + "time, 1 thread each%n", runs.size(), chosen(s).size(), s.dir(), finished, interrupted,
                todo.size() - interrupted, elsewhere > 0 ? ", " + elsewhere + " being trained by another process"
                        : "", parallel);
        if (dryRun) return 0;
        if (!summaryOnly && !todo.isEmpty()) {
            int failed = train(runs.size(), finished, todo);
            writeSummary(s);
            if (failed > 0) {
                System.err.println("sweep: " + failed + " run(s) failed; see their " + LOG + "; run the sweep again "
                        + "to retry them");
                return 1;
            }
            return 0;
        }
        writeSummary(s);
        return 0;
    }

    /** The spec's variants, or those {@code --variants} names, in its order. */
    private List<SweepSpec.Variant> chosen(SweepSpec s) {
        if (only == null) return s.variants();
        List<SweepSpec.Variant> chosen = new ArrayList<>();
        for (String name : only) {
            chosen.add(s.variants().stream().filter(v -> v.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--variants: " + spec + " has no variant '" + name
                            + "'; it has " + String.join(", ", s.variants().stream().map(SweepSpec.Variant::name)
                            .toList()))));
        }
        return chosen;
    }

    private int train(int total, int alreadyFinished, Deque<Run> todo) throws IOException, InterruptedException {
        List<Running> running = new CopyOnWriteArrayList<>(); // the stop hook reads it from another thread
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            stopping.set(true);
            stopAll(running);
        }, "sweep-stop");
        Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C: children stop; their checkpoints resume later
        int done = alreadyFinished, failed = 0;
        long startedAt = System.nanoTime(), lastBeat = System.currentTimeMillis();
        double wallSeconds = 0;
        int epochsDone = 0;
        try {
            while ((!todo.isEmpty() || !running.isEmpty()) && !stopping.get()) {
                while (running.size() < parallel && !todo.isEmpty() && !stopping.get()) {
                    running.add(start(todo.poll()));
                }
                Thread.sleep(500);
                for (Running r : List.copyOf(running)) {
                    if (r.process.isAlive()) continue;
                    running.remove(r);
                    int code = r.process.exitValue();
                    double seconds = (System.nanoTime() - r.startedNanos) / 1e9;
                    int newEpochs = Math.max(0, epochsOf(r.run) - r.epochsAtStart);
                    if (newEpochs > 0) { // a run that failed at once says nothing about the time an epoch takes
                        wallSeconds += seconds;
                        epochsDone += newEpochs;
                    }
                    done++;
                    String outcome;
                    Map<String, Object> summary = code == 0
                            && Files.isRegularFile(r.run.dir().resolve(RunRecord.SUMMARY))
                            ? RunRecord.readSummary(r.run.dir()) : Map.of();
                    Target target = Target.standard();
                    if (summary.get(RunRecord.minTestAccuracyKey(target)) instanceof Number n) {
                        boolean met = Boolean.TRUE.equals(summary.get("target_met"));
                        outcome = String.format(Locale.ROOT, "%.2f %% min of last %d, %s (%s)", n.doubleValue(),
                                target.lastEpochs(), met ? "target met" : "missed", duration(seconds));
                    } else {
                        failed++;
                        outcome = "FAILED with exit code " + code + ": see " + r.run.dir().resolve(LOG);
                    }
                    System.out.printf("[%" + digits(total) + "d/%d] %s: %s | %s%n", done, total, r.run.label(),
                            outcome, status(running, todo, wallSeconds, epochsDone));
                }
                if (System.currentTimeMillis() - lastBeat >= HEARTBEAT_MILLIS && !running.isEmpty()) {
                    lastBeat = System.currentTimeMillis();
                    List<String> parts = new ArrayList<>();
                    for (Running r : running) {
                        parts.add(r.run.label() + " epoch " + epochsOf(r.run) + "/"
                                + r.run.variant().recipe().epochs());
                    }
                    System.out.printf("  running %s | %s%n", String.join(", ", parts),
                            status(running, todo, wallSeconds + runningSeconds(running), epochsDone
                                    + running.stream().mapToInt(r -> Math.max(0, epochsOf(r.run) - r.epochsAtStart))
                                    .sum()));
                }
            }
        } finally {
            stopAll(running);
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        System.out.printf("sweep: done in %s%n", duration((System.nanoTime() - startedAt) / 1e9));
        return failed;
    }

    /** Asks every child to stop (a checkpoint resumes it later) and waits a little for each. */
    private static void stopAll(List<Running> running) {
        for (Running r : running) r.process.destroy();
        for (Running r : running) {
            try {
                if (!r.process.waitFor(10, TimeUnit.SECONDS)) r.process.destroyForcibly();
            } catch (InterruptedException e) {
                r.process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs left and the time left, from the wall time per epoch seen so far in this sweep. */
    private String status(List<Running> running, Deque<Run> todo, double wallSeconds, int epochsDone) {
        String counts = running.size() + " running, " + todo.size() + " waiting";
        if (epochsDone == 0) return counts;
        List<Integer> left = new ArrayList<>();
        for (Running r : running) left.add(Math.max(0, r.run.variant().recipe().epochs() - epochsOf(r.run)));
        for (Run r : todo) left.add(Math.max(0, r.variant().recipe().epochs() - epochsOf(r)));
        return counts + ", ETA " + duration(etaSeconds(left, wallSeconds / epochsDone, parallel));
    }

    /**
     * The time left for runs with {@code epochsLeft} epochs each, {@code parallel} at a time, at
     * {@code secondsPerEpoch}: the work spread over the processes that still have some, and never less than the
     * longest single run left.
     */
    static double etaSeconds(List<Integer> epochsLeft, double secondsPerEpoch, int parallel) {
        long total = 0, longest = 0;
        int busy = 0;
        for (int e : epochsLeft) {
            total += e;
            longest = Math.max(longest, e);
            if (e > 0) busy++;
        }
        int slots = Math.max(1, Math.min(parallel, busy));
        return Math.max((double) total / slots, longest) * secondsPerEpoch;
    }

    /**
     * The seconds the running runs took for the epochs they have finished: up to when each last wrote its history,
     * so that an epoch under way does not count as time without an epoch.
     */
    private static double runningSeconds(List<Running> running) {
        double sum = 0;
        for (Running r : running) {
            if (epochsOf(r.run) <= r.epochsAtStart) continue;
            try {
                long written = Files.getLastModifiedTime(r.run.dir().resolve(RunRecord.HISTORY)).toMillis();
                sum += Math.max(0, written - r.startedMillis) / 1e3;
            } catch (IOException e) {
                // being replaced: counted on the next look
            }
        }
        return sum;
    }

    private Running start(Run r) throws IOException {
        boolean resume = state(r) == State.INTERRUPTED;
        Files.createDirectories(r.dir());
        ProcessBuilder pb = new ProcessBuilder(command(r, resume));
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(r.dir().resolve(LOG).toFile()));
        Process p = pb.start();
        p.getOutputStream().close(); // a run reads nothing
        return new Running(r, p, System.nanoTime(), System.currentTimeMillis(), epochsOf(r));
    }

    /** The {@code train} command of a run, in the same JVM setup as this one. */
    static List<String> command(Run r, boolean resume) {
        List<String> cmd = new ArrayList<>(commandPrefix());
        cmd.addAll(trainArgs(r, resume));
        return cmd;
    }

    /** What follows {@code train}: the variant's options, its seed and folder. */
    static List<String> trainArgs(Run r, boolean resume) {
        List<String> args = new ArrayList<>(r.variant().args());
        args.addAll(List.of("--seed", Long.toString(r.seed()), "--out", r.dir().toString()));
        if (resume) args.add("--resume");
        return args;
    }

    private static List<String> commandPrefix() {
        List<String> cmd = javaCommand();
        cmd.add("train");
        return cmd;
    }

    /**
     * A command line that runs {@link Main} in a new JVM set up as this one: the same java, JVM options (a debugger
     * or coverage agent excepted), {@code extraJvmOptions} and class path.
     */
    static List<String> javaCommand(String... extraJvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // A debugger or coverage agent belongs to this JVM only: children would fight over its port or file.
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Xrunjdwp") && !arg.equals("-Xdebug")
                    && !arg.startsWith("-javaagent")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of(extraJvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return cmd;
    }

    /**
     * Finished (a summary of this variant's recipe), interrupted (a checkpoint to resume), being trained by another
     * process (its folder is locked), or new. A run of another recipe is an error: the spec changed under its
     * results.
     */
    static State state(Run r) throws IOException {
        Path summaryFile = r.dir().resolve(RunRecord.SUMMARY);
        if (Files.isRegularFile(summaryFile)) {
            requireSameRecipe(r, RunRecord.readSummary(r.dir()), "a finished run");
            return State.FINISHED;
        }
        if (lockedElsewhere(r.dir())) return State.RUNNING_ELSEWHERE;
        if (!Checkpoints.in(r.dir().resolve("checkpoints")).hasState()) return State.NEW;
        Path recipe = r.dir().resolve(RunRecord.RECIPE);
        if (Files.isRegularFile(recipe)) {
            Map<String, Object> recorded = RunRecord.readSummary(recipe);
            requireSameRecipe(r, recorded, "an interrupted run");
            // train --resume refuses to continue a run with code that adds up differently; say so here, once.
            if (!recorded.containsKey("arithmetic")) {
                throw new IllegalArgumentException(r.dir() + " holds an interrupted run made before runs recorded "
                        + "their arithmetic (so before the 16-lane engine): delete that folder to re-run it");
            }
        }
        return State.INTERRUPTED;
    }

    private static void requireSameRecipe(Run r, Map<String, Object> recorded, String what) {
        String problem = mismatch(r, recorded);
        if (problem != null) {
            throw new IllegalArgumentException(r.dir() + " holds " + what + " of another recipe (" + problem
                    + "); give the variant a new name, or delete that folder to re-run it");
        }
    }

    /** What differs between a run of a variant and the recipe a run recorded, or null when nothing does. */
    static String mismatch(Run r, Map<String, Object> recorded) {
        Integer limit = r.variant().limit();
        int samples = limit == null ? FULL_TRAINING_SET : Math.min(limit, FULL_TRAINING_SET);
        int validation = r.variant().validation() ? ValidationSplit.count(samples) : 0;
        return RunRecord.recipeMismatch(recorded, RunRecord.recipeRecord(r.variant().recipe(), samples - validation,
                validation, r.seed()));
    }

    /** Whether another process holds the run folder's lock, i.e. is training into it now. */
    private static boolean lockedElsewhere(Path dir) {
        Path lock = dir.resolve(TrainCommand.LOCK);
        if (!Files.isRegularFile(lock)) return false;
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) return true;
            held.release();
            return false;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    private static int epochsOf(Run r) {
        Path history = r.dir().resolve(RunRecord.HISTORY);
        if (!Files.isRegularFile(history)) return 0;
        try {
            TrainingHistory h = RunRecord.readHistory(history);
            return h.size();
        } catch (IOException | RuntimeException e) {
            return 0; // being rewritten: counted on the next look
        }
    }

    private static void writeSummary(SweepSpec s) throws IOException {
        SweepSummary summary = SweepSummary.read(s.dir(), plans(s));
        summary.write(s.dir());
        System.out.print(summary.markdown());
        System.out.println("wrote " + s.dir().resolve(SweepSummary.CSV) + ", " + SweepSummary.MARKDOWN + ", "
                + SweepSummary.RUNS_CSV + ", " + SweepSummary.CHART);
    }

    /** The spec's variants as the summary reads them. */
    static List<SweepSummary.Plan> plans(SweepSpec s) {
        return s.variants().stream().map(v -> new SweepSummary.Plan(v.name(), v.folder(), v.seeds(),
                v.recipe().architecture().trainableParameters(), v.recipe().describe(), v.against())).toList();
    }

    private static List<String> quoted(List<String> args) {
        return args.stream().map(a -> a.matches("[A-Za-z0-9_./=:,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .toList();
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private record Running(Run run, Process process, long startedNanos, long startedMillis, int epochsAtStart) {
        Running {
            Objects.requireNonNull(process);
        }
    }
}
