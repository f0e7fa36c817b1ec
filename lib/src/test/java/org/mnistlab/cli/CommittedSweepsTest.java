package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.mnistlab.report.Results;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RunSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                    RunSummary summary = RunRecord.readSummary(run);
                    assertTrue(summary.recipeRecord().hasTraining(), run + ": its training is recorded as structured "
                            + "fields only from schema 2; run ./mnistlab run sweep " + file + " to record them");
                    assertNull(new SweepRun(v, seed, run).mismatch(summary.recipeRecord()), run.toString());
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
}
