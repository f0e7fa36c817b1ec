package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.RawScores;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RunSummaries;
import org.mnistlab.train.TrainingHistory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StepEffectsTest {

    /** Three epochs whose lowest validation accuracy is {@code val}, test {@code test}; raw figures when given. */
    private static void run(Path dir, String variant, long seed, double val, double test, double[] raw)
            throws Exception {
        List<EpochMetrics> e = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            EpochMetrics m = new EpochMetrics(i, 0.1, 99, 0.03, val + (i == 2 ? 0 : 0.05), 0.03,
                    test + (i == 3 ? 0 : 0.02), 0.01, 10, 6000);
            e.add(raw == null ? m : m.withRaw(new RawScores(0.04, raw[0] + (i == 1 ? 0 : 0.1), 0.04, raw[1])));
        }
        Path run = dir.resolve(variant).resolve(Long.toString(seed));
        Files.createDirectories(run);
        RunRecord.writeHistory(run, new TrainingHistory(e));
        RunRecord.writeSummary(run, RunSummaries.of("step", new TrainingHistory(e), 7_772, 1));
    }

    @Test
    void eachStepIsAPairedDifferenceOnValidationWithTheTestForTheRecord(@TempDir Path dir) throws Exception {
        double[] before = {99.10, 99.20, 99.00}, after = {99.20, 99.32, 99.08}, offsets = {0.04, 0.03, 0.05};
        for (int s = 0; s < 3; s++) {
            run(dir, "a", s + 1, before[s], 99.0, null);
            run(dir, "b", s + 1, after[s], 99.0 - 0.01 * s, new double[] {after[s] - offsets[s], 98.9});
        }
        run(dir, "c", 1, 99.5, 99.5, null); // one seed only: no step can be measured
        SweepSummary summary = SweepSummary.read(dir, List.of(
                new SweepSummary.Plan("a", "a", List.of(1L, 2L, 3L), 7000, "a", null),
                new SweepSummary.Plan("b", "b", List.of(1L, 2L, 3L), 7000, "b", "a"),
                new SweepSummary.Plan("c", "c", List.of(1L, 2L, 3L), 7000, "c", "b")));
        StepEffects effects = StepEffects.of(summary);
        assertEquals(2, effects.steps().size());

        // b is evaluated on a weight average: its step against a is made by its raw weights, training's one change.
        StepEffects.Step step = effects.steps().get(0);
        assertEquals("b: raw weights", step.name());
        assertEquals("a", step.against());
        // Raw minus before: 0.06, 0.09, 0.03: mean 0.06, SD 0.03, t(0.975, 2) = 4.302653: the interval covers 0.
        assertEquals(0.06, step.validation().mean(), 1e-9);
        assertEquals(0.06 - 4.302652729911275 * 0.03 / Math.sqrt(3), step.validation().low(), 1e-6);
        assertEquals(PairedDifference.Verdict.NO_MEASURABLE_DIFFERENCE, step.verdict());
        assertEquals(98.9 - 99.0, step.test().mean(), 1e-9);

        StepEffects.Step average = effects.steps().get(1);
        assertEquals("b: weight average", average.name());
        assertEquals("b: raw weights", average.against());
        assertEquals(0.04, average.validation().mean(), 1e-9); // raw was 0.04, 0.03, 0.05 lower
        assertEquals(0.09, average.test().mean(), 1e-9);

        String md = effects.markdown();
        assertTrue(md.contains("| b: raw weights | a | 3 | +0.06 (-0.01 to +0.13) | no difference these 3 seeds can measure | -0.10 ("), md);
        assertTrue(summary.markdown().contains("## What each step changed"), summary.markdown());
        assertTrue(summary.isLadder());
        assertTrue(summary.chosen().isEmpty(), "a ladder keeps or drops each step; it chooses no variant");
        assertTrue(effects.csv().startsWith("step,against,seeds,val_mean"), effects.csv());
        summary.write(dir);
        assertEquals(effects.csv(), Files.readString(dir.resolve(StepEffects.CSV)));
    }

    @Test
    void aStepWithoutRawWeightsComparesTheEvaluatedFigures(@TempDir Path dir) throws Exception {
        double[] before = {99.10, 99.20, 99.00}, after = {99.20, 99.32, 99.08};
        for (int s = 0; s < 3; s++) {
            run(dir, "a", s + 1, before[s], 99.0, null);
            run(dir, "b", s + 1, after[s], 99.0 - 0.01 * s, null);
        }
        SweepSummary summary = SweepSummary.read(dir, List.of(
                new SweepSummary.Plan("a", "a", List.of(1L, 2L, 3L), 7000, "a", null),
                new SweepSummary.Plan("b", "b", List.of(1L, 2L, 3L), 7000, "b", null)));
        StepEffects.Step step = StepEffects.between(summary.variants().get(0), summary.variants().get(1))
                .orElseThrow();
        assertEquals("b", step.name());
        // Differences 0.10, 0.12, 0.08: mean 0.10, SD 0.02, t(0.975, 2) = 4.302653, half-width 0.049683.
        assertEquals(0.10, step.validation().mean(), 1e-9);
        assertEquals(0.10 + 4.302652729911275 * 0.02 / Math.sqrt(3), step.validation().high(), 1e-6);
        assertEquals(-0.01, step.test().mean(), 1e-9);
        assertTrue(StepEffects.of(summary).steps().isEmpty(), "no variant is measured against another");
    }

    @Test
    void twoAveragedVariantsCompareTheirAverages(@TempDir Path dir) throws Exception {
        double[] before = {99.10, 99.20, 99.00}, after = {99.20, 99.32, 99.08};
        for (int s = 0; s < 3; s++) {
            run(dir, "a", s + 1, before[s], 99.0, new double[] {before[s] - 0.5, 98.0});
            run(dir, "b", s + 1, after[s], 99.0, new double[] {after[s] - 0.05, 98.9});
        }
        SweepSummary summary = SweepSummary.read(dir, List.of(
                new SweepSummary.Plan("a", "a", List.of(1L, 2L, 3L), 7000, "a", null),
                new SweepSummary.Plan("b", "b", List.of(1L, 2L, 3L), 5000, "b", "a")));
        StepEffects.Step step = StepEffects.between(summary.variants().get(0), summary.variants().get(1))
                .orElseThrow();
        assertEquals("b", step.name(), "both are averaged: the step compares what both evaluate");
        assertEquals(0.10, step.validation().mean(), 1e-9);
    }

    @Test
    void withoutValidationTheStepIsReadOnTest(@TempDir Path dir) throws Exception {
        List<EpochMetrics> e = new ArrayList<>();
        for (int s = 1; s <= 2; s++) {
            for (String v : List.of("x", "y")) {
                e.clear();
                for (int i = 1; i <= 3; i++) {
                    e.add(new EpochMetrics(i, 0.1, 99, 0.03, 99.0 + (v.equals("y") ? 0.3 + 0.1 * s : 0), 0.01, 10,
                            6000));
                }
                Path run = dir.resolve(v).resolve(Long.toString(s));
                Files.createDirectories(run);
                RunRecord.writeHistory(run, new TrainingHistory(e));
                RunRecord.writeSummary(run, RunSummaries.of("step", new TrainingHistory(e), 7_772, 1));
            }
        }
        StepEffects effects = StepEffects.of(SweepSummary.read(dir, List.of(
                new SweepSummary.Plan("x", "x", List.of(1L, 2L), 7000, "x", null),
                new SweepSummary.Plan("y", "y", List.of(1L, 2L), 7000, "y", "x"))));
        assertNull(effects.steps().get(0).validation());
        assertEquals(0.45, effects.steps().get(0).test().mean(), 1e-9);
        assertTrue(effects.markdown().contains("| y | x | 2 | – |"), effects.markdown());
    }

    @Test
    void theChartsDrawEachSeedAndEachInterval(@TempDir Path dir) throws Exception {
        double[] before = {99.10, 99.20, 99.00}, after = {99.20, 99.32, 99.08}, offsets = {0.04, 0.03, 0.05};
        for (int s = 0; s < 3; s++) {
            run(dir, "a", s + 1, before[s], 99.0, null);
            run(dir, "b", s + 1, after[s], 99.0, new double[] {after[s] - offsets[s], 98.9});
        }
        SweepSummary summary = SweepSummary.read(dir, List.of(
                new SweepSummary.Plan("a", "a", List.of(1L, 2L, 3L), 7000, "a", null),
                new SweepSummary.Plan("b", "b", List.of(1L, 2L, 3L), 7000, "b", "a")));
        ChartImage seeds = EffectCharts.pairedSeeds(summary.variants().get(0), summary.variants().get(1));
        Fixtures.assertPng(seeds.png(), 720, 450);
        ChartImage steps = EffectCharts.steps(StepEffects.of(summary));
        Fixtures.assertPng(steps.png(), 1200, 180 + 80 * 2);
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EffectCharts.steps(new StepEffects(List.of()))).getMessage().contains("no step"));
    }
}
