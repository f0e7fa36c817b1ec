package org.mnistlab.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.RunRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real sweep of tiny runs on real MNIST: each run is its own training process. */
@Tag("integration")
class SweepCommandTest {

    private static final String TINY = "--experiment 04-gap --epochs 3 --limit 256 --batch 64";

    private static String[] sweep(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "sweep";
        System.arraycopy(args, 0, full, 1, args.length);
        return CommandRuns.inProcess(full);
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
            assertEquals(org.mnistlab.model.engine.JavaEngine.available() ? "java-vector" : "dl4j",
                    RunRecord.readSummary(dir).engine().split(" ")[0], run + ": " + RunRecord.readSummary(dir));
            assertEquals(1, RunRecord.readSummary(dir).threads(), run + ": one thread each");
            assertTrue(Files.readString(dir.resolve(SweepRunner.LOG)).contains("Epoch 3/3"), run);
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
        String[] one = sweep(spec.toString(), "--dry-run", "--variants", "tiny-lr");
        assertEquals("0", one[0], one[1]);
        assertTrue(one[1].contains("sweep: 1 runs of 1 variants in ") && one[1].contains("1 finished, 0 to resume, 0 to "
                + "start"), "only the variant asked for: " + one[1]);
        String[] unknown = sweep(spec.toString(), "--variants", "tiny,huge");
        assertEquals("2", unknown[0], unknown[1]);
        assertTrue(unknown[1].contains("has no variant 'huge'; it has tiny, tiny-lr"), unknown[1]);

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

        String before = Files.readString(dir.resolve(RunRecord.HISTORY));
        String[] out = sweep(spec.toString());
        assertEquals("0", out[0], out[1]);
        assertTrue(out[1].contains("0 finished, 1 to resume, 0 to start"), out[1]);
        String log = Files.readString(dir.resolve(SweepRunner.LOG));
        assertTrue(Files.isRegularFile(dir.resolve(RunRecord.SUMMARY)), log);
        assertFalse(log.contains("Epoch 1/3"), "resumed, not trained again from the start:\n" + log);
        assertEquals(before, Files.readString(dir.resolve(RunRecord.HISTORY)));

        // A checkpoint of another recipe under the variant's name is refused, before anything trains.
        Files.delete(dir.resolve(RunRecord.SUMMARY));
        Files.writeString(spec, "seeds 5\nvariant tiny: " + TINY + " --smoothing 0.1\n");
        String[] stale = sweep(spec.toString());
        assertEquals("2", stale[0], stale[1]);
        assertTrue(stale[1].contains("tiny/5 holds an interrupted run of another recipe (training.label_smoothing 0.0, not 0.1)"), stale[1]);
        // And so is train --resume with other options.
        String[] resume = MainTest.run("train", "--experiment", "04-gap", "--epochs", "3", "--limit", "256", "--batch",
                "32", "--seed", "5", "--out", dir.toString(), "--resume");
        assertEquals("2", resume[0], resume[1]);
        assertTrue(resume[1].contains("cannot resume " + dir + " with another recipe: training.batch_size 64, not 32"), resume[1]);
        // Or on another engine.
        System.setProperty("mnistlab.engine", "dl4j");
        try {
            String[] engine = MainTest.run("train", "--experiment", "04-gap", "--epochs", "3", "--limit", "256",
                    "--batch", "64", "--seed", "5", "--out", dir.toString(), "--resume");
            assertEquals("2", engine[0], engine[1]);
            assertTrue(engine[1].contains("engine 'java-vector', not 'dl4j'"), engine[1]);
        } finally {
            System.clearProperty("mnistlab.engine");
        }
    }
}
