package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.RunRecord;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real sweep of tiny runs on real MNIST: each run is its own training process. */
class SweepCommandTest {

    private static final String TINY = "--experiment 04-gap --epochs 3 --limit 256 --batch 64";

    private static String[] sweep(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true);
        System.setOut(both);
        System.setErr(both);
        try {
            String[] full = new String[args.length + 1];
            full[0] = "sweep";
            System.arraycopy(args, 0, full, 1, args.length);
            int code = Main.run(full);
            return new String[]{Integer.toString(code), captured.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void trainsEachRunOnceThenSkipsFinishedRunsAndRefusesStaleOnes(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("sweep.txt");
        Files.writeString(spec, "seeds 1-2\nvariant tiny: " + TINY + "\nvariant tiny-lr seeds 1: " + TINY
                + " --lr 0.05\n");

        String[] first = sweep(spec.toString(), "--parallel", "2");
        assertEquals("0", first[0], first[1]);
        assertTrue(first[1].contains("sweep: 3 runs of 2 variants in " + tmp + ": 0 finished, 0 to resume, 3 to start;"),
                first[1]);
        assertTrue(first[1].contains("[3/3] "), first[1]);
        assertTrue(first[1].contains("ETA"), first[1]);
        for (String run : List.of("tiny/1", "tiny/2", "tiny-lr/1")) {
            Path dir = tmp.resolve(run);
            assertEquals(3, RunRecord.readHistory(dir).size(), run);
            assertEquals("java-vector", String.valueOf(RunRecord.readSummary(dir).get("engine")).split(" ")[0],
                    run + ": " + RunRecord.readSummary(dir));
            assertEquals(1, ((Number) RunRecord.readSummary(dir).get("threads")).intValue(), run + ": one thread each");
            assertTrue(Files.readString(dir.resolve(SweepCommand.LOG)).contains("Epoch 3/3"), run);
        }
        String csv = Files.readString(tmp.resolve(SweepSummary.CSV));
        assertTrue(csv.contains("\ntiny,6044,2,2,0,"), csv);
        assertTrue(csv.contains("\ntiny-lr,6044,1,1,0,"), csv);
        assertTrue(Files.size(tmp.resolve(SweepSummary.CHART)) > 1000);

        // A second sweep trains nothing: the runs are finished.
        Path history = tmp.resolve("tiny/1").resolve(RunRecord.HISTORY);
        FileTime before = Files.getLastModifiedTime(history);
        String[] second = sweep(spec.toString());
        assertEquals("0", second[0], second[1]);
        assertTrue(second[1].contains("3 finished, 0 to resume, 0 to start"), second[1]);
        assertFalse(second[1].contains("[1/3]"), second[1]);
        assertEquals(before, Files.getLastModifiedTime(history));

        // Adding a seed trains that seed only.
        Files.writeString(spec, "seeds 1-3\nvariant tiny: " + TINY + "\nvariant tiny-lr seeds 1: " + TINY
                + " --lr 0.05\n");
        String[] third = sweep(spec.toString(), "--dry-run");
        assertEquals("0", third[0], third[1]);
        assertTrue(third[1].contains("new         train --experiment 04-gap --epochs 3 --limit 256 --batch 64 --seed 3"),
                third[1]);
        assertTrue(third[1].contains("3 finished, 0 to resume, 1 to start"), third[1]);
        assertFalse(Files.exists(tmp.resolve("tiny/3")), "a dry run trains nothing");

        // Changing a variant's recipe under its name is refused before anything trains.
        Files.writeString(spec, "seeds 1-3\nvariant tiny: " + TINY + " --smoothing 0.1\n");
        String[] stale = sweep(spec.toString());
        assertEquals("2", stale[0], stale[1]);
        assertTrue(stale[1].contains("tiny/1 holds a finished run of another recipe"), stale[1]);
        assertFalse(Files.exists(tmp.resolve("tiny/3")));
    }

    @Test
    void anInterruptedRunIsResumedFromItsCheckpoint(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("sweep.txt");
        Files.writeString(spec, "seeds 5\nvariant tiny: " + TINY + "\n");
        Path dir = tmp.resolve("tiny/5");
        // The run as a sweep killed just before its summary leaves it: checkpoints, no summary.
        assertEquals(0, Main.run("train", "--experiment", "04-gap", "--epochs", "3", "--limit", "256", "--batch",
                "64", "--seed", "5", "--out", dir.toString()));
        Files.delete(dir.resolve(RunRecord.SUMMARY));

        String[] out = sweep(spec.toString());
        assertEquals("0", out[0], out[1]);
        assertTrue(out[1].contains("0 finished, 1 to resume, 0 to start"), out[1]);
        assertTrue(Files.isRegularFile(dir.resolve(RunRecord.SUMMARY)), Files.readString(dir.resolve(SweepCommand.LOG)));
        assertEquals(3, RunRecord.readHistory(dir).size());
    }
}
