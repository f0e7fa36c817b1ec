package org.mnistlab.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.train.Checkpoints;
import org.mnistlab.train.RunRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection: a real training process (its own JVM, on real MNIST) is stopped as SIGKILL would stop it, at
 * points the code names (between training steps, inside a checkpoint write, just after one), then resumed each
 * time; every run must end with the history of a run that was never interrupted.
 */
@Tag("integration")
class CrashRecoveryTest {

    private static final List<String> RUN = List.of("--experiment", "04-gap", "--epochs", "4", "--limit", "640",
            "--batch", "64", "--seed", "11");

    private static Process start(Path out, String... jvmOptions) throws IOException {
        List<String> cmd = ChildJvm.command(jvmOptions);
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
     * Starts (or resumes) the run once for each halt point, each attempt stopped by the JVM's halt at that point of
     * its own process ({@code step:N}, {@code last-written:N}, {@code last-committed:N}), then lets it finish.
     */
    private static void runHaltingAt(Path out, String... haltPoints) throws Exception {
        for (String point : haltPoints) {
            assertEquals(137, start(out, "-Dmnistlab.halt=" + point).waitFor(), point + " did not halt:\n" + log(out));
        }
        Process last = start(out);
        assertTrue(last.waitFor(10, TimeUnit.MINUTES), "the last attempt did not finish:\n" + log(out));
        assertEquals(0, last.exitValue(), log(out));
    }

    @Test
    void aRunKilledAnywhereResumesToTheSameHistory(@TempDir Path tmp) throws Exception {
        Path reference = tmp.resolve("reference");
        assertEquals(0, start(reference).waitFor(), log(reference));
        List<String> expected = metrics(reference);
        assertEquals(4, expected.size());

        // Inside a checkpoint write: the JVM stops with the second last.zip complete on disk but not yet renamed.
        Path halted = tmp.resolve("halted");
        assertEquals(137, start(halted, "-Dmnistlab.halt=last-written:2").waitFor(), log(halted));
        try (Stream<Path> files = Files.list(halted.resolve("checkpoints"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")),
                    "the uncommitted checkpoint is still a temporary file");
        }
        assertEquals(expected.subList(0, 1), metrics(halted), "the committed checkpoint is epoch 1's");
        assertEquals(0, start(halted).waitFor(), log(halted));
        assertEquals(expected, metrics(halted));
        assertTrue(log(halted).contains("Epoch 2/4"), "epoch 2 was trained again after the crash");

        // 10 steps an epoch: before any checkpoint, inside epochs 2 and 4, after the last step, once the last
        // checkpoint is committed but before the summary, and one run stopped four times on its way.
        Map<String, String[]> scenarios = new LinkedHashMap<>();
        scenarios.put("first-step", new String[] {"step:1"});
        scenarios.put("mid-epoch-2", new String[] {"step:15"});
        scenarios.put("last-step", new String[] {"step:40"});
        scenarios.put("last-checkpoint-committed", new String[] {"last-committed:4"});
        scenarios.put("four-times", new String[] {"step:7", "last-written:1", "step:12", "last-committed:1"});
        for (Map.Entry<String, String[]> scenario : scenarios.entrySet()) {
            Path victim = tmp.resolve(scenario.getKey());
            runHaltingAt(victim, scenario.getValue());
            assertEquals(expected, metrics(victim), scenario.getKey() + "\n" + log(victim));
            assertTrue(Files.isRegularFile(victim.resolve(RunRecord.SUMMARY)), scenario.getKey());
        }
    }
}
