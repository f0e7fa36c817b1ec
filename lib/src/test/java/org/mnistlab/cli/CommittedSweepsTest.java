package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.mnistlab.report.Results;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.RunRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The sweeps under results/sweeps: each run is its variant's recipe as the code builds it, each summary current. */
class CommittedSweepsTest {

    @Test
    void everyCommittedSweepRunIsItsVariantAndEverySummaryIsCurrent() throws Exception {
        Path sweeps = Results.find().dir().resolve(Results.SWEEPS);
        List<Path> specs;
        try (Stream<Path> s = Files.list(sweeps)) {
            specs = s.map(p -> p.resolve("sweep.txt")).filter(Files::isRegularFile).sorted().toList();
        }
        assertFalse(specs.isEmpty(), "no sweep specs under " + sweeps);
        for (Path file : specs) {
            SweepSpec spec = SweepSpec.read(file);
            for (SweepSpec.Variant v : spec.variants()) {
                for (long seed : v.seeds()) {
                    Path run = spec.dir().resolve(v.folder()).resolve(Long.toString(seed));
                    if (!Files.isRegularFile(run.resolve(RunRecord.SUMMARY))) continue;
                    assertNull(SweepCommand.mismatch(new SweepCommand.Run(v, seed, run), RunRecord.readSummary(run)),
                            run.toString());
                }
            }
            SweepSummary now = SweepSummary.read(spec.dir(), SweepCommand.plans(spec));
            String stale = file + ": the committed summary is stale; run ./mnistlab run sweep " + file + " --summary-only";
            assertEquals(now.csv(), Files.readString(spec.dir().resolve(SweepSummary.CSV)), stale);
            assertEquals(now.markdown(), Files.readString(spec.dir().resolve(SweepSummary.MARKDOWN)), stale);
            assertEquals(now.runsCsv(), Files.readString(spec.dir().resolve(SweepSummary.RUNS_CSV)), stale);
            org.mnistlab.report.StepEffects effects = org.mnistlab.report.StepEffects.of(now);
            Path effectsCsv = spec.dir().resolve(org.mnistlab.report.StepEffects.CSV);
            assertEquals(effects.steps().isEmpty() ? null : effects.csv(),
                    Files.isRegularFile(effectsCsv) ? Files.readString(effectsCsv) : null, stale);
        }
    }

    /**
     * Two committed runs of the same recipe, layers (a model's name aside), seed, data and engine on the same CPU are
     * the same run: their histories agree to the last digit (the seconds aside).
     */
    @Test
    void theSameRecipeAndSeedGiveTheSameHistory() throws Exception {
        java.util.Map<String, List<Path>> groups = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(Results.find().dir())) {
            for (Path summary : files.filter(f -> f.getFileName().toString().equals(RunRecord.SUMMARY)).toList()) {
                var m = RunRecord.readSummary(summary.getParent());
                if (m.get("recipe") == null || m.get("architecture") == null) continue; // PyTorch's runs
                String layers = String.valueOf(m.get("architecture"));
                String key = String.join("|", String.valueOf(m.get("recipe")), layers.substring(layers.indexOf(' ')),
                        String.valueOf(m.get("seed")), String.valueOf(m.get("train_samples")),
                        String.valueOf(m.get("engine")), String.valueOf(m.get("cpu")));
                groups.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(summary.getParent());
            }
        }
        int pairs = 0;
        for (List<Path> runs : groups.values()) {
            for (int i = 1; i < runs.size(); i++) {
                assertEquals(withoutTimes(runs.get(0)), withoutTimes(runs.get(i)), runs.get(0) + " and " + runs.get(i));
                pairs++;
            }
        }
        assertFalse(pairs == 0, "no two committed runs repeat each other: the check would prove nothing");
    }

    /** history.csv without its timing columns (seconds, samples per second). */
    private static List<String> withoutTimes(Path run) throws Exception {
        return Files.readAllLines(run.resolve(RunRecord.HISTORY)).stream()
                .map(line -> String.join(",", java.util.Arrays.asList(line.split(",")).subList(0, 6))).toList();
    }
}
