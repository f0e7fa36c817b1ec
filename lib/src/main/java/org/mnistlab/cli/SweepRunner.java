package org.mnistlab.cli;

import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RunSummary;
import org.mnistlab.train.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Trains a sweep's runs as {@code train} processes, {@code parallel} at a time with one thread each (so each run is
 * the same as a lone run of that command), printing each outcome and an ETA. Ctrl-C stops the children, whose
 * checkpoints resume them in the next sweep.
 *
 * <p>Example: {@code int failed = new SweepRunner(2).train(runs.size(), finished, todo);}
 */
final class SweepRunner {

    /** Each run's console output, in its folder. */
    static final String LOG = "train.log";
    private static final long HEARTBEAT_MILLIS = 60_000;

    private final int parallel;

    SweepRunner(int parallel) {
        if (parallel < 1) throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
        this.parallel = parallel;
    }

    /**
     * Trains {@code todo} (new runs start, interrupted ones resume), numbering outcomes from {@code alreadyFinished}
     * of {@code total}; returns how many failed.
     */
    int train(int total, int alreadyFinished, Deque<SweepRun> todo) throws IOException, InterruptedException {
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
                    double seconds = (System.nanoTime() - r.startedNanos) / 1e9;
                    int newEpochs = Math.max(0, r.run.epochs() - r.epochsAtStart);
                    if (newEpochs > 0) { // a run that failed at once says nothing about the time an epoch takes
                        wallSeconds += seconds;
                        epochsDone += newEpochs;
                    }
                    done++;
                    String outcome = outcome(r, seconds);
                    if (outcome == null) {
                        failed++;
                        outcome = "FAILED with exit code " + r.process.exitValue() + ": see " + r.run.dir().resolve(LOG);
                    }
                    System.out.printf("[%" + Integer.toString(total).length() + "d/%d] %s: %s | %s%n", done, total,
                            r.run.label(), outcome, status(running, todo, wallSeconds, epochsDone));
                }
                if (System.currentTimeMillis() - lastBeat >= HEARTBEAT_MILLIS && !running.isEmpty()) {
                    lastBeat = System.currentTimeMillis();
                    List<String> parts = new ArrayList<>();
                    for (Running r : running) parts.add(r.run.label() + " epoch " + r.run.epochs() + "/"
                            + r.run.plannedEpochs());
                    System.out.printf("  running %s | %s%n", String.join(", ", parts),
                            status(running, todo, wallSeconds + runningSeconds(running), epochsDone
                                    + running.stream().mapToInt(r -> Math.max(0, r.run.epochs() - r.epochsAtStart))
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

    /** A finished run's verdict line, or null when it left no summary (it failed). */
    private static String outcome(Running r, double seconds) throws IOException {
        if (r.process.exitValue() != 0 || !Files.isRegularFile(r.run.dir().resolve(RunRecord.SUMMARY))) return null;
        RunSummary summary = RunRecord.readSummary(r.run.dir());
        double n = summary.figures().minTestAccuracyOfLast3();
        boolean met = summary.targetMet();
        Target target = Target.standard();
        return String.format(Locale.ROOT, "%.2f %% min of last %d, %s (%s)", n, target.lastEpochs(),
                met ? "target met" : "missed", duration(seconds));
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
    private String status(List<Running> running, Deque<SweepRun> todo, double wallSeconds, int epochsDone) {
        String counts = running.size() + " running, " + todo.size() + " waiting";
        if (epochsDone == 0) return counts;
        List<Integer> left = new ArrayList<>();
        for (Running r : running) left.add(Math.max(0, r.run.plannedEpochs() - r.run.epochs()));
        for (SweepRun r : todo) left.add(Math.max(0, r.plannedEpochs() - r.epochs()));
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
            if (r.run.epochs() <= r.epochsAtStart) continue;
            try {
                long written = Files.getLastModifiedTime(r.run.dir().resolve(RunRecord.HISTORY)).toMillis();
                sum += Math.max(0, written - r.startedMillis) / 1e3;
            } catch (IOException e) {
                // being replaced: counted on the next look
            }
        }
        return sum;
    }

    private static Running start(SweepRun r) throws IOException {
        boolean resume = r.state() == SweepRun.State.INTERRUPTED;
        Files.createDirectories(r.dir());
        ProcessBuilder pb = new ProcessBuilder(command(r, resume));
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(r.dir().resolve(LOG).toFile()));
        Process p = pb.start();
        p.getOutputStream().close(); // a run reads nothing
        return new Running(r, p, System.nanoTime(), System.currentTimeMillis(), r.epochs());
    }

    /** The {@code train} command of a run, in the same JVM setup as this one. */
    static List<String> command(SweepRun r, boolean resume) {
        List<String> cmd = ChildJvm.command();
        cmd.add("train");
        cmd.addAll(r.trainArgs(resume));
        return cmd;
    }

    /** E.g. {@code 42 s}, {@code 3 min 5 s}, {@code 1 h 12 min}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min " + (s % 60) + " s";
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private record Running(SweepRun run, Process process, long startedNanos, long startedMillis, int epochsAtStart) {
        Running {
            Objects.requireNonNull(process);
        }
    }
}
