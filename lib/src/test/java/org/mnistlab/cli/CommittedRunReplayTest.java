package org.mnistlab.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.model.Engine;
import org.mnistlab.report.Results;
import org.mnistlab.train.RunRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A committed run is reproducible on this machine, whatever its CPU: the first epoch of one run of every committed
 * sweep variant, re-trained exactly as the run trained it (its variant's options, its seed, its whole schedule,
 * stopped after epoch 1), gives the committed {@code history.csv} row digit for digit, timings aside.
 *
 * <p>Only runs made by the engine whose arithmetic is the same on every CPU ({@code arithmetic: 16-lane} in
 * {@code summary.json}) can be replayed on any machine; the test fails if the results hold none.
 */
@Tag("integration")
class CommittedRunReplayTest {

    private static final List<String> TIMINGS = List.of("seconds", "samples_per_s");

    private record Replayable(SweepSpec.Variant variant, long seed, Path dir) {
    }

    @Test
    void theFirstEpochOfCommittedRunsReplaysDigitForDigit(@TempDir Path tmp) throws Exception {
        List<Replayable> runs = replayable();
        assertFalse(runs.isEmpty(), "no committed run was made by the " + Engine.SIXTEEN_LANES + " arithmetic: "
                + "re-make the committed runs (./mnistlab run sweep results/sweeps/<name>/sweep.txt)");
        for (Replayable r : runs) {
            Path out = tmp.resolve(r.variant().name() + "-" + r.seed());
            List<String> args = new ArrayList<>(r.variant().args());
            args.addAll(List.of("--seed", Long.toString(r.seed()), "--stop-after", "1", "--out", out.toString()));
            CommandRuns.trainProcess(args, tmp.resolve(out.getFileName() + ".log"));
            assertEquals(firstEpoch(r.dir()), firstEpoch(out), r.dir() + ": epoch 1 replayed on this machine");
        }
    }

    /** The lowest committed seed of every sweep variant whose run says it was made by the 16-lane arithmetic. */
    private static List<Replayable> replayable() throws IOException {
        Path sweeps = Results.find().dir().resolve(Results.SWEEPS);
        List<Replayable> runs = new ArrayList<>();
        try (Stream<Path> s = Files.list(sweeps)) {
            for (Path file : s.map(p -> p.resolve("sweep.txt")).filter(Files::isRegularFile).sorted().toList()) {
                SweepSpec spec = SweepSpec.read(file);
                for (SweepSpec.Variant v : spec.variants()) {
                    for (long seed : v.seeds()) {
                        Path dir = spec.dir().resolve(v.folder()).resolve(Long.toString(seed)).normalize();
                        if (!Files.isRegularFile(dir.resolve(RunRecord.SUMMARY))) continue;
                        if (!Engine.SIXTEEN_LANES.equals(RunRecord.readSummary(dir).recipeRecord().arithmetic())) continue;
                        if (runs.stream().noneMatch(r -> r.dir().equals(dir))) runs.add(new Replayable(v, seed, dir));
                        break;
                    }
                }
            }
        }
        return runs;
    }

    /** Epoch 1's row of a run's history.csv as column=value pairs, its timing columns left out. */
    private static List<String> firstEpoch(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(RunRecord.HISTORY));
        assertTrue(lines.size() >= 2, dir + ": no epoch in its history");
        String[] header = lines.get(0).split(",");
        String[] row = lines.get(1).split(",");
        assertEquals(header.length, row.length, dir + ": " + lines.get(1));
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            if (!TIMINGS.contains(header[i])) pairs.add(header[i] + "=" + row[i]);
        }
        return pairs;
    }
}
