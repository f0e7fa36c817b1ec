package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Experiments;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RunSummaries;
import org.mnistlab.train.RunSummary;
import org.mnistlab.train.Target;
import org.mnistlab.train.TargetVerdict;
import org.mnistlab.train.TrainingHistory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTest {

    private static TrainingHistory history(double... test) {
        List<EpochMetrics> e = new ArrayList<>();
        for (int i = 0; i < test.length; i++) e.add(new EpochMetrics(i + 1, 0.1, 98.5, 0.03, test[i], 0.01, 12.5, 4800));
        return new TrainingHistory(e);
    }

    private static void write(Path results, String experiment, int seed, TrainingHistory h, long params) throws Exception {
        Path dir = results.resolve(experiment).resolve(Integer.toString(seed));
        Files.createDirectories(dir);
        RunRecord.writeHistory(dir, h);
        RunRecord.writeSummary(dir, RunSummaries.of(experiment, h, params, seed));
    }

    @Test
    void aNotebookOutsideTheCheckoutFindsTheResultsThroughMnistLabHome(@TempDir Path dir) throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("mnist-lab"));
        Files.createDirectories(checkout.resolve("results"));
        Files.writeString(checkout.resolve("mnistlab"), "#!/bin/sh\n");
        Path work = Files.createDirectories(dir.resolve("home/work"));
        Map<String, String> env = Map.of("MNIST_LAB_HOME", checkout.toString());
        // Inside the checkout the working directory decides; a copy in work/ falls back on MNIST_LAB_HOME.
        assertEquals(checkout.resolve("results"), Results.find(env::get, checkout.resolve("notebooks")).dir());
        assertEquals(checkout.resolve("results"), Results.find(env::get, work).dir());
        assertEquals(work.resolve("results"), Results.find(k -> null, work).dir());
        Map<String, String> explicit = Map.of("MNIST_LAB_HOME", checkout.toString(), "MNIST_LAB_RESULTS", "/r");
        assertEquals(Path.of("/r"), Results.find(explicit::get, checkout).dir());
    }

    @Test
    void readsBackWhatRunsWrite(@TempDir Path tmp) throws Exception {
        write(tmp, "04-gap", 2, history(99.0, 99.2, 99.3), 6044);
        write(tmp, "06-one-cycle", 1, history(99.2, 99.45, 99.41, 99.47), 7060);
        write(tmp, "06-one-cycle", 10, history(99.2, 99.45, 99.38, 99.47), 7060);
        Results r = new Results(tmp);
        List<Results.Run> runs = r.all();
        assertEquals(3, runs.size());
        assertEquals(List.of(1, 10), r.forExperiment("06-one-cycle").stream().map(Results.Run::seed).toList());
        assertTrue(r.forExperiment("06-one-cycle").get(0).verdict().met());
        assertFalse(r.forExperiment("06-one-cycle").get(1).verdict().met());
        assertEquals(99.47, runs.get(1).history().last().testAccuracy(), 1e-9);
        assertEquals(List.of("04-gap", "06-one-cycle"), List.copyOf(r.firstSeedHistories().keySet()));
        String table = ResultsMarkdown.table(r);
        assertTrue(table.contains("| 06-one-cycle | 1 | 7,060 | 99.47 % | 99.41 % | 4 | ✓ |"), table);
        assertTrue(table.contains("| 06-one-cycle | 10 | 7,060 | 99.47 % | 99.38 % | 4 | ✗ |"), table);
        assertTrue(ResultsMarkdown.table(new Results(tmp.resolve("none"))).startsWith("No full runs"));
    }

    @Test
    void theResultsSectionLeadsWithTheCommittedSweepsSummaries(@TempDir Path tmp) throws Exception {
        Path confirmation = Files.createDirectories(tmp.resolve("sweeps/confirmation"));
        Files.writeString(confirmation.resolve(SweepSummary.MARKDOWN), "| final | 10 of 10 |\n");
        Path lessons = Files.createDirectories(tmp.resolve("sweeps/lessons"));
        Files.writeString(lessons.resolve(SweepSummary.MARKDOWN), "| 02-batchnorm | better |\n");
        String table = ResultsMarkdown.table(new Results(tmp));
        assertTrue(table.indexOf("| final | 10 of 10 |") < table.indexOf("| 02-batchnorm | better |"), table);
        assertTrue(table.contains("fresh seeds") && !table.startsWith("No full runs"), table);
    }

    @Test
    void readmeSectionIsReplacedBetweenItsMarkers(@TempDir Path tmp) throws Exception {
        write(tmp, "04-gap", 1, history(99.0, 99.2, 99.3), 6044);
        Path readme = tmp.resolve("README.md");
        Files.writeString(readme, "# Title\n" + ResultsMarkdown.START + "\nold\n" + ResultsMarkdown.END + "\nmore\n");
        assertTrue(ResultsMarkdown.updateReadme(readme, new Results(tmp)));
        String text = Files.readString(readme);
        assertFalse(text.contains("old"));
        assertTrue(text.contains("| 04-gap | 1 | 6,044 |"));
        assertTrue(text.endsWith(ResultsMarkdown.END + "\nmore\n"));
        assertFalse(ResultsMarkdown.updateReadme(readme, new Results(tmp)), "second update changes nothing");
        assertThrows(IllegalArgumentException.class, () -> ResultsMarkdown.withTable("no markers", new Results(tmp)));
    }

    /** The Results section (docs/results.md) is generated from results/, never edited by hand. */
    @Test
    void readmeResultsSectionMatchesTheCommittedRuns() throws Exception {
        Results committed = Results.find();
        Path readme = committed.dir().toAbsolutePath().getParent().resolve("docs/results.md");
        String text = Files.readString(readme);
        assertEquals(ResultsMarkdown.withTable(text, committed), text,
                "docs/results.md is stale: run ./mnistlab run results --readme docs/results.md");
    }

    /** Every committed run: its verdict, recomputed from history.csv, must be the one in summary.json. */
    /**
     * Every committed run of the lessons sweep: its summary's verdict is the one its history gives, its model is the
     * lesson's experiment of that name as the code builds it now, it trained on the 50,000 images and chose on the
     * 10,000 validation images, and it records what made it. (CommittedSweepsTest checks the whole recipe.)
     */
    @Test
    void committedLessonRunsMatchTheirHistoriesAndTheirLessons() {
        Results lessons = Results.find().sweep(Results.LESSONS);
        assertFalse(lessons.all().isEmpty(), "no committed runs in " + lessons.dir());
        for (Results.Run run : lessons.all()) {
            String where = lessons.dir() + "/" + run.experiment() + "/" + run.seed();
            TargetVerdict v = run.verdict();
            RunSummary summary = assertInstanceOf(RunSummary.class, run.summary(), where);
            assertEquals(v.met(), summary.targetMet(), where);
            assertEquals(v.minLastAccuracy(), summary.figures().minTestAccuracyOfLast3(), 1e-3, where);
            assertEquals(run.history().size(), summary.figures().epochs(), where);
            assertEquals(Experiments.byName(run.experiment()).architecture().trainableParameters(), run.trainableParams(),
                    where + ": the committed run's model differs from the lesson's current model");
            assertEquals(50000, summary.recipeRecord().trainSamples(), where);
            assertEquals(10000, summary.recipeRecord().validationSamples(), where);
            assertTrue(run.history().hasValidation(), where + ": no validation columns");
            assertTrue(summary.recipeRecord().engine().startsWith("java-vector"), where + ": " + summary.recipeRecord().engine());
            assertEquals("16-lane", summary.recipeRecord().arithmetic(), where);
            assertTrue(summary.environment().threads() >= 1 && summary.environment().cpu() != null
                    && summary.environment().java() != null && summary.environment().nativeBuild() != null, where);
            assertFalse(summary.environment().gitCommit().endsWith("-dirty"), where + ": made from uncommitted code");
        }
    }

    @Test
    void spreadSummarisesEachExperimentsSeeds(@TempDir Path tmp) throws Exception {
        write(tmp, "04-gap", 1, history(98, 99.0, 99.2, 99.3), 6044);
        write(tmp, "04-gap", 2, history(98, 99.1, 99.5, 99.2), 6044);
        write(tmp, "06-one-cycle", 1, history(99.2, 99.45, 99.41, 99.47), 7060);
        Files.createDirectories(tmp.resolve(Results.SWEEPS).resolve("s").resolve("v").resolve("1"));
        Results r = new Results(tmp);
        assertEquals(List.of("04-gap", "06-one-cycle"), r.experiments(), "sweeps are not tutorial runs");
        SweepSummary s = r.spread();
        assertEquals(2, s.variants().size());
        assertEquals(2, s.variants().get(0).runs().size());
        assertEquals((99.0 + 99.1) / 2, s.variants().get(0).meanMinLast(), 1e-9);
        assertEquals(1, s.variants().get(1).passed());
        assertEquals(1, r.spread("06-one-cycle").variants().size());
        SweepSummary.VariantResult none = r.spread("02-batchnorm").variants().get(0);
        assertTrue(none.runs().isEmpty());
        assertEquals(Experiments.batchNorm().architecture().trainableParameters(), none.plan().params(),
                "a recipe with no runs yet still shows its size");
        assertEquals(0, r.spread("no-such-recipe").variants().get(0).plan().params());
        assertTrue(ResultsMarkdown.table(r).contains("| 04-gap | 6,044 | 2 of 2 | 0 of 2 | 99.050 % | 99.00–99.10 % | 0.071 |"),
                ResultsMarkdown.table(r));
    }

    /** The PyTorch runs train exactly the recipe of the experiment they are filed under. */
    @Test
    void committedPytorchRunsAreTheirExperimentsRecipe() {
        List<Results.Run> runs = Results.find().pytorch().all();
        assertFalse(runs.isEmpty(), "no PyTorch runs under results/pytorch");
        for (Results.Run run : runs) {
            String where = "results/pytorch/" + run.experiment() + "/" + run.seed();
            var e = Experiments.byName(run.experiment());
            PyTorchSummary.Args args = assertInstanceOf(PyTorchSummary.class, run.summary(), where).args();
            assertEquals(e.architecture().toText(), args.arch(), where);
            assertEquals(e.architecture().trainableParameters(), run.trainableParams(), where + ": PyTorch's count");
            assertEquals(e.epochs(), args.epochs(), where);
            assertEquals(e.batchSize(), args.batch(), where);
            assertEquals((long) run.seed(), args.seed(), where);
            int scheduleEpochs = e.epochs();
            org.mnistlab.train.LrSchedule planned = e.schedule();
            if (planned instanceof org.mnistlab.train.HeldSchedule held) {
                scheduleEpochs = held.epochs();
                planned = held.schedule();
            }
            assertEquals(scheduleEpochs, args.scheduleEpochs() == 0 ? e.epochs() : args.scheduleEpochs(),
                    where + ": the epochs the schedule runs over");
            var schedule = (org.mnistlab.train.OneCycleLr) planned;
            assertEquals(schedule.maxLr(), args.maxLr(), 1e-12, where);
            assertEquals(schedule.pctStart(), args.pctStart(), 1e-12, where);
            assertEquals(schedule.divFactor(), args.div(), 1e-12, where);
            assertEquals(schedule.finalDivFactor(), args.finalDiv(), 1e-12, where);
            assertEquals(e.labelSmoothing(), args.smoothing(), 1e-12, where);
            assertEquals(e.weightAverage(), args.ema(), 1e-12, where + ": --ema");
            // The script's OneCycleLR cycles momentum 0.95 -> 0.85 -> 0.95 with cosine annealing, PyTorch's defaults.
            assertTrue(schedule.cycleMomentum() && schedule.cosine(), where);
            assertEquals(0.85, schedule.baseMomentum(), 1e-12, where);
            assertEquals(0.95, schedule.maxMomentum(), 1e-12, where);
            assertEquals(0, args.limit(), where + ": a full run, not a smoke test");
            assertEquals(0.0, e.weightDecay(), where + ": the script has no weight decay");
            if (e.augmentation() instanceof org.mnistlab.augment.RandomAffine affine) {
                assertEquals(affine.translateX(), affine.translateY(), where + ": the script shifts both ways alike");
                double[] drawn = java.util.Arrays.stream(String.valueOf(args.affine()).split(","))
                        .mapToDouble(Double::parseDouble).toArray();
                assertArrayEquals(new double[] {affine.degrees(), affine.translateX(), affine.scaleMin(),
                        affine.scaleMax(), affine.shearDegrees()}, drawn, 1e-12, where + ": --affine");
            } else {
                assertEquals(null, args.affine(), where);
                assertEquals(((org.mnistlab.augment.RandomRotation) e.augmentation()).degrees(),
                        args.rotation(), 1e-12, where);
            }
            assertEquals(e.epochs(), run.history().size(), where + ": not finished");
        }
    }
}
