package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RunFigures;
import org.mnistlab.train.RunSummaries;
import org.mnistlab.train.RunSummary;
import org.mnistlab.train.Target;
import org.mnistlab.train.TrainingHistory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepSummaryTest {

    private static void run(Path dir, String variant, long seed, boolean verdictInSummary, double... test)
            throws Exception {
        List<EpochMetrics> e = new ArrayList<>();
        for (int i = 0; i < test.length; i++) e.add(new EpochMetrics(i + 1, 0.1, 99, 0.03, test[i], 0.01, 10, 6000));
        TrainingHistory h = new TrainingHistory(e);
        Path run = dir.resolve(variant).resolve(Long.toString(seed));
        Files.createDirectories(run);
        RunRecord.writeHistory(run, h);
        // The summary's own verdict is deliberately wrong here: the sweep must judge from the history.
        RunRecord.writeSummary(run, wrongVerdict(variant, h, seed, verdictInSummary));
    }

    /** A summary that says the run met the target ({@code met}) whatever its history says, with 0 as its figure. */
    private static RunSummary wrongVerdict(String variant, TrainingHistory h, long seed, boolean met) {
        RunSummary s = RunSummaries.of(variant, h, 7_772, seed);
        RunFigures f = s.figures();
        RunFigures zero = new RunFigures(f.trainableParams(), f.epochs(), f.bestTestAccuracy(), f.bestEpoch(),
                f.finalTestAccuracy(), 0.0, f.bestTrainAccuracy(), f.bestValidationAccuracy(),
                f.minValidationAccuracyOfLast3());
        return new RunSummary(s.schema(), s.experiment(), zero, s.target(), met, s.verdict(), s.seconds(), s.recipeRecord(),
                s.testSamples(), s.environment());
    }

    /** A run with validation figures: {@code val[i]} and {@code test[i]} for epoch {@code i + 1}. */
    private static void validatedRun(Path dir, String variant, long seed, double[] val, double[] test)
            throws Exception {
        List<EpochMetrics> e = new ArrayList<>();
        for (int i = 0; i < test.length; i++) {
            e.add(new EpochMetrics(i + 1, 0.1, 99, 0.03, val[i], 0.03, test[i], 0.01, 10, 6000));
        }
        Path run = dir.resolve(variant).resolve(Long.toString(seed));
        Files.createDirectories(run);
        RunRecord.writeHistory(run, new TrainingHistory(e));
        RunRecord.writeSummary(run, RunSummaries.of(variant, new TrainingHistory(e), 7_772, seed));
    }

    @Test
    void theChoiceIsMadeOnValidationNotOnTheTestSet(@TempDir Path dir) throws Exception {
        // "a" looks better on test, "b" on validation: the sweep chooses "b".
        validatedRun(dir, "a", 1, new double[] {99.0, 99.30, 99.31, 99.32}, new double[] {99.0, 99.50, 99.52, 99.51});
        validatedRun(dir, "a", 2, new double[] {99.0, 99.28, 99.35, 99.33}, new double[] {99.0, 99.48, 99.50, 99.49});
        validatedRun(dir, "b", 1, new double[] {99.0, 99.40, 99.41, 99.42}, new double[] {99.0, 99.40, 99.41, 99.40});
        validatedRun(dir, "b", 2, new double[] {99.0, 99.39, 99.44, 99.40}, new double[] {99.0, 99.42, 99.43, 99.41});
        SweepSummary s = SweepSummary.read(dir, List.of(new SweepSummary.Plan("a", List.of(1L, 2L), 7000, "a"),
                new SweepSummary.Plan("b", List.of(1L, 2L), 7000, "b")));
        assertTrue(s.variants().get(0).meanMinLast() > s.variants().get(1).meanMinLast(), "a is better on test");
        assertEquals((99.30 + 99.28) / 2, s.variants().get(0).meanMinLastValidation(), 1e-9);
        assertEquals("b", s.chosen().orElseThrow().plan().name());
        assertTrue(s.markdown().contains("**Chosen on validation: b** (mean lowest validation accuracy of the last 3 "
                + "epochs 99.395 %"), s.markdown());
        assertFalse(s.table("Lesson's recipe").contains("Chosen"), "a step's table chooses nothing");
        assertTrue(s.table("Lesson's recipe").startsWith("| Lesson's recipe | Params |"), s.table("x"));
        assertTrue(s.markdown().startsWith(s.table("Variant")), s.markdown());
        assertTrue(s.csv().startsWith("variant,params,seeds,done,passed,mean_min_last_3,min_min_last_3,"
                + "max_min_last_3,sd_min_last_3,mean_best,mean_seconds,mean_val_min_last_3,recipe\n"), s.csv());
    }

    @Test
    void aSizeSearchTakesTheSmallestNetworkWithinTheMarginOfTheReference(@TempDir Path dir) throws Exception {
        // Validation minima of the last 3: big 99.40 and 99.36 (mean 99.38); mid 99.34 (within 0.05); tiny 99.20.
        validatedRun(dir, "big", 1, new double[] {99.0, 99.40, 99.41, 99.42}, new double[] {99, 99, 99, 99});
        validatedRun(dir, "big", 2, new double[] {99.0, 99.36, 99.44, 99.40}, new double[] {99, 99, 99, 99});
        validatedRun(dir, "mid", 1, new double[] {99.0, 99.34, 99.35, 99.36}, new double[] {99, 99, 99, 99});
        validatedRun(dir, "mid", 2, new double[] {99.0, 99.34, 99.38, 99.40}, new double[] {99, 99, 99, 99});
        validatedRun(dir, "tiny", 1, new double[] {99.0, 99.20, 99.30, 99.30}, new double[] {99, 99, 99, 99});
        SweepSummary s = SweepSummary.read(dir, List.of(new SweepSummary.Plan("big", List.of(1L, 2L), 7772, "b"),
                new SweepSummary.Plan("mid", List.of(1L, 2L), 5000, "m"),
                new SweepSummary.Plan("tiny", List.of(1L), 3000, "t")));
        assertEquals("mid", s.smallestWithin("big", 0.05).orElseThrow().plan().name());
        assertEquals("big", s.smallestWithin("big", 0.0).orElseThrow().plan().name(), "the reference qualifies");
        assertEquals("tiny", s.smallestWithin("big", 0.2).orElseThrow().plan().name());
        assertThrows(IllegalArgumentException.class, () -> s.smallestWithin("missing", 0.05));
        assertThrows(IllegalArgumentException.class, () -> s.smallestWithin("big", -0.1));
        assertEquals("mid", s.bestSmallerThan("big").orElseThrow().plan().name());
        assertEquals("tiny", s.bestSmallerThan("mid").orElseThrow().plan().name());
        assertTrue(s.bestSmallerThan("tiny").isEmpty(), "nothing is smaller than the smallest");
        assertEquals("big", s.bestAtMost(7772, java.util.Set.of()).orElseThrow().plan().name(), "the limit counts");
        assertEquals("mid", s.bestAtMost(7772, java.util.Set.of("big")).orElseThrow().plan().name(), "big left out");
        assertEquals("tiny", s.bestAtMost(5000, java.util.Set.of("mid")).orElseThrow().plan().name());
        assertEquals("mid", s.bestAtMost(5000, java.util.Set.of()).orElseThrow().plan().name());
        assertTrue(s.bestAtMost(2999, java.util.Set.of()).isEmpty(), "nothing that small");
        // Two smaller networks whose means tie (99.26, 99.26, 99.29 against 99.24, 99.32, 99.25): the smaller wins.
        validatedRun(dir, "t1", 1, new double[] {99, 99.26, 99.26, 99.26}, new double[] {99, 99, 99, 99});
        validatedRun(dir, "t1", 2, new double[] {99, 99.26, 99.26, 99.26}, new double[] {99, 99, 99, 99});
        validatedRun(dir, "t1", 3, new double[] {99, 99.29, 99.29, 99.29}, new double[] {99, 99, 99, 99});
        validatedRun(dir, "t2", 1, new double[] {99, 99.24, 99.24, 99.24}, new double[] {99, 99, 99, 99});
        validatedRun(dir, "t2", 2, new double[] {99, 99.32, 99.32, 99.32}, new double[] {99, 99, 99, 99});
        validatedRun(dir, "t2", 3, new double[] {99, 99.25, 99.25, 99.25}, new double[] {99, 99, 99, 99});
        SweepSummary tie = SweepSummary.read(dir, List.of(new SweepSummary.Plan("big", List.of(1L, 2L), 7772, "b"),
                new SweepSummary.Plan("t2", List.of(1L, 2L, 3L), 6044, "6"),
                new SweepSummary.Plan("t1", List.of(1L, 2L, 3L), 5058, "5")));
        assertEquals("t1", tie.bestSmallerThan("big").orElseThrow().plan().name());
        // The same 5,058-parameter network trained two ways, both within 0.15 of big: the higher mean is taken.
        SweepSummary same = SweepSummary.read(dir, List.of(new SweepSummary.Plan("big", List.of(1L, 2L), 7772, "b"),
                new SweepSummary.Plan("t2", List.of(1L, 2L, 3L), 5058, "5, one way"),
                new SweepSummary.Plan("mid", List.of(1L, 2L), 5058, "5, another")));
        assertEquals("mid", same.smallestWithin("big", 0.15).orElseThrow().plan().name(), "99.34 beats 99.27");
        Fixtures.assertPng(SizeChart.validationAgainstParameters(s).png(), 1100, 560);
    }

    @Test
    void figuresAreRecomputedFromTheHistories(@TempDir Path dir) throws Exception {
        run(dir, "a", 1, false, 99.0, 99.45, 99.41, 99.50);   // min of last 3: 99.41, met
        run(dir, "a", 2, false, 99.0, 99.38, 99.47, 99.46);   // 99.38, missed
        run(dir, "a", 3, true, 99.0, 99.42, 99.44, 99.49);    // 99.42, met
        run(dir, "b", 1, true, 99.0, 99.10, 99.20, 99.30);    // 99.10, missed
        Files.createDirectories(dir.resolve("b").resolve("2")); // started, not finished: not counted
        List<SweepSummary.Plan> plans = List.of(
                new SweepSummary.Plan("a", List.of(1L, 2L, 3L), 7060, "recipe a"),
                new SweepSummary.Plan("b", List.of(1L, 2L, 3L), 9000, "recipe \"b\""),
                new SweepSummary.Plan("c", List.of(1L), 5000, "not run yet"));
        SweepSummary s = SweepSummary.read(dir, plans);

        SweepSummary.VariantResult a = s.variants().get(0);
        assertEquals(3, a.runs().size());
        assertEquals(2, a.passed());
        assertEquals((99.41 + 99.38 + 99.42) / 3, a.meanMinLast(), 1e-9);
        assertEquals(99.38, a.lowestMinLast(), 1e-9);
        assertEquals(99.42, a.highestMinLast(), 1e-9);
        assertEquals(0.0208167, a.sdMinLast(), 1e-6);
        SweepSummary.VariantResult b = s.variants().get(1);
        assertEquals(1, b.runs().size());
        assertEquals(0, b.passed(), "9,000 params and 99.10 %: missed, whatever summary.json says");
        assertTrue(Double.isNaN(b.sdMinLast()));
        assertTrue(s.variants().get(2).runs().isEmpty());

        String csv = s.csv();
        assertTrue(csv.startsWith("variant,params,seeds,done,passed,mean_min_last_3,min_min_last_3,max_min_last_3,"), csv);
        assertTrue(csv.contains("\na,7060,3,3,2,99.403,99.380,99.420,0.021,99.487,40.0,\"recipe a\"\n"), csv);
        assertTrue(csv.contains("\nb,9000,3,1,0,99.100,99.100,99.100,,99.300,40.0,\"recipe \"\"b\"\"\"\n"), csv);
        assertTrue(csv.contains("\nc,5000,1,0,0,,,,,,,\"not run yet\"\n"), csv);
        String md = s.markdown();
        assertTrue(md.contains("| a | 7,060 | 3 of 3 | 2 of 3 | 99.403 % | 99.38–99.42 % | 0.021 |"), md);
        assertTrue(md.contains("| c | 5,000 | 0 of 1 | – | – | – | – |"), md);
        assertTrue(md.contains(Target.standard().describe()), md);
        assertTrue(s.chosen().isEmpty() && !md.contains("Chosen"), "no validation figures, no choice");
        assertEquals("variant,seed,min_last_3,best,met\na,1,99.41,99.50,true\na,2,99.38,99.47,false\n"
                + "a,3,99.42,99.49,true\nb,1,99.10,99.30,false\n", s.runsCsv());

        s.write(dir);
        for (String f : List.of(SweepSummary.CSV, SweepSummary.MARKDOWN, SweepSummary.RUNS_CSV)) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        BufferedImage png = ImageIO.read(dir.resolve(SweepSummary.CHART).toFile());
        assertTrue(png.getWidth() >= 900 && png.getHeight() == 760);
        assertFalse(Files.exists(dir.resolve("c")), "reading creates nothing");
    }
}
