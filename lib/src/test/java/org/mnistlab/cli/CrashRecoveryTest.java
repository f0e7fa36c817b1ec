package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.train.Checkpoints;
import org.mnistlab.train.RunRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection: a real training process (its own JVM, on real MNIST) is killed with SIGKILL at random moments,
 * and once inside a checkpoint write, then resumed each time; every run must end with the history of a run that
 * was never interrupted.
 */
class CrashRecoveryTest {

    private static final List<String> RUN = List.of("--experiment", "04-gap", "--epochs", "4", "--limit", "640",
            "--batch", "64", "--seed", "11");

    private static Process start(Path out, String... jvmOptions) throws IOException {
        List<String> cmd = SweepCommand.javaCommand(jvmOptions);
        cmd.add("train");
        cmd.addAll(RUN);
        cmd.addAll(List.of("--out", out.toString()));
        if (Checkpoints.in(out.resolve("checkpoints")).hasState()) cmd.add("--resume");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolveSibling(out.getFileName() + ".log").toFile()));
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    /** Every figure of the history that does not depend on timing. */
    private static List<String> metrics(Path dir) throws IOException {
        return RunRecord.readHistory(dir).epochs().stream().map(e -> String.format(Locale.ROOT,
                "%d %.6f %.4f %.6f %.4f %.8f", e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(),
                e.testAccuracy(), e.learningRate())).toList();
    }

    private static String log(Path out) throws IOException {
        return Files.readString(out.resolveSibling(out.getFileName() + ".log"));
    }

    /**
     * Starts (or resumes) the run {@code kills} times and kills each attempt at a random moment between 15 % and
     * 50 % of {@code runMillis} (the time a whole run took on this machine, measured once: early enough that a
     * machine which has since become less busy still kills most attempts), unless it finished first; then lets it
     * finish. Returns how many times it was killed.
     */
    private static int runKillingAtRandom(Path out, Random random, long runMillis, int kills) throws Exception {
        int killed = 0;
        for (int attempt = 0; attempt < kills; attempt++) {
            Process p = start(out);
            long delay = (long) (runMillis * (0.15 + 0.35 * random.nextDouble()));
            if (p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                assertEquals(0, p.exitValue(), log(out));
                return killed;
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
            p.waitFor();
            killed++;
        }
        Process last = start(out);
        assertTrue(last.waitFor(10, TimeUnit.MINUTES), "the last attempt did not finish:\n" + log(out));
        assertEquals(0, last.exitValue(), log(out));
        return killed;
    }

    @Test
    void aRunKilledAnywhereResumesToTheSameHistory(@TempDir Path tmp) throws Exception {
        // How long a whole run takes, timed twice and the shorter kept: the first run on a fresh machine also pays
        // for cold caches, which would set the kill moments so late that most attempts finish first.
        long runMillis = Long.MAX_VALUE;
        List<String> expected = null;
        for (String name : List.of("reference", "reference-again")) {
            Path reference = tmp.resolve(name);
            long started = System.nanoTime();
            assertEquals(0, start(reference).waitFor(), log(reference));
            runMillis = Math.min(runMillis, (System.nanoTime() - started) / 1_000_000);
            if (expected != null) assertEquals(expected, metrics(reference), "the same run twice");
            expected = metrics(reference);
        }
        assertEquals(4, expected.size());

        // Inside a checkpoint write: the JVM stops with the second last.zip complete on disk but not yet renamed.
        Path halted = tmp.resolve("halted");
        assertEquals(137, start(halted, "-D" + "mnistlab.checkpoint.haltBefore=2").waitFor(), log(halted));
        try (Stream<Path> files = Files.list(halted.resolve("checkpoints"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                    "the uncommitted checkpoint is still a temporary file");
        }
        assertEquals(expected.subList(0, 1), metrics(halted), "the committed checkpoint is epoch 1's");
        assertEquals(0, start(halted).waitFor(), log(halted));
        assertEquals(expected, metrics(halted));
        assertTrue(log(halted).contains("Epoch 2/4"), "epoch 2 was trained again after the crash");

        // At random moments, again and again, until the run gets through.
        Random random = new Random(20261203);
        int kills = 0;
        for (int run = 0; run < 2; run++) {
            Path victim = tmp.resolve("victim-" + run);
            kills += runKillingAtRandom(victim, random, runMillis, 5);
            assertEquals(expected, metrics(victim), log(victim));
            assertTrue(Files.isRegularFile(victim.resolve(RunRecord.SUMMARY)));
        }
        assertTrue(kills >= 4, "only " + kills + " kills: the test did not interrupt the runs");
        System.out.println("CrashRecoveryTest: " + kills + " kills at random moments, every run resumed to the same "
                + "history");
    }
}
