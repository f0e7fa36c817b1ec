package org.mnistlab.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.augment.RandomAffine;
import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.data.MnistDataset;
import org.mnistlab.model.Models;
import org.mnistlab.model.Network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short real trainings on real MNIST (a few thousand images, so the suite stays quick). */
class TrainerTest {

    private static final class Data {
        static final MnistData MNIST = MnistData.load();
    }

    private static MnistBatches train(int n, long seed) {
        return MnistBatches.of(Data.MNIST.train().limit(n)).batchSize(64).shuffle(seed).build();
    }

    private static MnistBatches test(int n) {
        return MnistBatches.inOrder(Data.MNIST.test().limit(n), 500);
    }

    private static Trainer.Builder recipe(int epochs) {
        return Trainer.builder().epochs(epochs).optimizer(Optimizer.sgdMomentum(0.9))
                .schedule(LrSchedule.oneCycle(0.05).pctStart(0.3)).labelSmoothing(0.02).seed(3);
    }

    @Test
    void aShortRunLearnsFarAboveChance() {
        List<BatchProgress> batches = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        try (MnistBatches tr = train(2000, 1); MnistBatches te = test(1000)) {
            TrainingResult r = recipe(2).listener(new TrainingListener() {
                @Override
                public void onBatch(BatchProgress p) {
                    batches.add(p);
                }

                @Override
                public void onEpoch(EpochMetrics m, TrainingHistory h) {
                    epochs.add(m);
                }
            }).build().fit(Models.gap().build(1), tr, te);
            assertEquals(2, r.history().size());
            assertTrue(r.history().last().testAccuracy() > 60, "far above the 10 % of chance: " + r.history().last());
            assertTrue(r.history().last().trainAccuracy() > 50, "train accuracy " + r.history().last());
            assertTrue(r.history().last().testLoss() < r.history().epochs().get(0).testLoss() * 1.5);
            assertEquals(2 * 32, batches.size()); // ceil(2000 / 64) per epoch
            assertEquals(epochs, r.history().epochs());
            // The running figures at an epoch's last batch are the epoch's own.
            assertEquals(epochs.get(0).trainAccuracy(), batches.get(31).runningAccuracy(), 1e-9);
            assertEquals(epochs.get(1).trainAccuracy(), batches.get(63).runningAccuracy(), 1e-9);
            assertEquals(epochs.get(0).trainLoss(), batches.get(31).runningLoss(), 1e-6);
        }
    }

    @Test
    void trainingAccuracyCountsADenseHeadToo() {
        try (MnistBatches tr = train(1000, 2); MnistBatches te = test(500)) {
            TrainingResult r = recipe(1).build().fit(Models.gapLinear().build(2), tr, te);
            assertTrue(r.history().last().trainAccuracy() > 20, r.history().last().toString());
        }
    }

    @Test
    void sameSeedSameHistory() {
        List<TrainingHistory> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            try (MnistBatches tr = MnistBatches.of(Data.MNIST.train().limit(1000)).batchSize(64).shuffle(5)
                    .augment(RandomAffine.standard()).build(); MnistBatches te = test(500)) {
                runs.add(recipe(1).build().fit(Models.dropout(0.1).build(5), tr, te).history());
            }
        }
        EpochMetrics a = runs.get(0).last();
        EpochMetrics b = runs.get(1).last();
        assertEquals(a.trainLoss(), b.trainLoss());
        assertEquals(a.testLoss(), b.testLoss());
        assertEquals(a.testAccuracy(), b.testAccuracy());
    }

    /** The run draws its dropout masks from its own generator: other code drawing from ND4J's changes nothing. */
    @Test
    void drawsFromNd4jsGeneratorBetweenStepsDoNotChangeARun() {
        List<TrainingHistory> runs = new ArrayList<>();
        for (boolean disturb : new boolean[]{false, true}) {
            try (MnistBatches tr = train(1000, 5); MnistBatches te = test(500)) {
                runs.add(recipe(1).listener(new TrainingListener() {
                    @Override
                    public void onBatch(BatchProgress p) {
                        if (disturb) org.nd4j.linalg.factory.Nd4j.getRandom().nextLong();
                    }
                }).build().fit(Models.dropout(0.1).build(5), tr, te).history());
            }
        }
        assertEquals(runs.get(0).last().trainLoss(), runs.get(1).last().trainLoss());
        assertEquals(runs.get(0).last().testLoss(), runs.get(1).last().testLoss());
    }

    @Test
    void resumeContinuesWhereItStopped(@TempDir Path dir) throws Exception {
        Path full = dir.resolve("full");
        Path cut = dir.resolve("cut");
        TrainingHistory uninterrupted;
        try (MnistBatches tr = train(1500, 4); MnistBatches te = test(500)) {
            uninterrupted = recipe(3).checkpointDir(full).build().fit(Models.gap().build(4), tr, te).history();
        }
        // Same run, interrupted during epoch 2.
        try (MnistBatches tr = train(1500, 4); MnistBatches te = test(500)) {
            Trainer interrupting = recipe(3).checkpointDir(cut).listener(new TrainingListener() {
                @Override
                public void onBatch(BatchProgress p) {
                    if (p.epoch() == 2 && p.batch() == 5) Thread.currentThread().interrupt();
                }
            }).build();
            TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
                    () -> interrupting.fit(Models.gap().build(4), tr, te));
            assertEquals(1, e.history().size());
        } finally {
            Thread.interrupted(); // clear the flag for the rest of the test
        }
        TrainingHistory resumed;
        try (MnistBatches tr = train(1500, 4); MnistBatches te = test(500)) {
            resumed = recipe(3).checkpointDir(cut).build().resume(tr, te).history();
        }
        assertEquals(3, resumed.size());
        for (int i = 0; i < 3; i++) {
            EpochMetrics a = uninterrupted.epochs().get(i);
            EpochMetrics b = resumed.epochs().get(i);
            assertEquals(a.testAccuracy(), b.testAccuracy(), 1e-9, "epoch " + (i + 1));
            assertEquals(a.testLoss(), b.testLoss(), 1e-6, "epoch " + (i + 1));
            assertEquals(a.learningRate(), b.learningRate(), 1e-12, "epoch " + (i + 1));
        }
    }

    @Test
    void aWeightAverageIsWhatIsEvaluatedSavedAndResumed(@TempDir Path dir) throws Exception {
        TrainingHistory plain;
        TrainingHistory averaged;
        try (MnistBatches tr = train(1500, 7); MnistBatches te = test(500)) {
            plain = recipe(3).build().fit(Models.gap().build(7), tr, te).history();
        }
        try (MnistBatches tr = train(1500, 7); MnistBatches te = test(500)) {
            averaged = recipe(3).weightAverage(0.98).checkpointDir(dir.resolve("full")).build()
                    .fit(Models.gap().build(7), tr, te).history();
        }
        assertEquals(plain.last().trainLoss(), averaged.last().trainLoss(), "the weights themselves train as before");
        assertFalse(plain.last().testLoss() == averaged.last().testLoss(), "the average is what is evaluated");
        Network best = Checkpoints.in(dir.resolve("full")).loadBest();
        // The network a run returns is the one it evaluated last: the average.
        try (MnistBatches te = test(500)) {
            assertEquals(averaged.bestTestAccuracy(), Evaluation.of(best, te.epoch(1)).accuracy(), 1e-9,
                    "best.zip holds the average of the best epoch");
            Network judged = Checkpoints.evaluatedModel(dir.resolve("full").resolve("last.zip"));
            assertEquals(averaged.last().testAccuracy(), Evaluation.of(judged, te.epoch(1)).accuracy(), 1e-9,
                    "last.zip's evaluated model is the average after the last epoch");
        }
        // Interrupted during epoch 2 and resumed: the average travels in last.zip.
        Path cut = dir.resolve("cut");
        try (MnistBatches tr = train(1500, 7); MnistBatches te = test(500)) {
            Trainer interrupting = recipe(3).weightAverage(0.98).checkpointDir(cut).listener(new TrainingListener() {
                @Override
                public void onBatch(BatchProgress p) {
                    if (p.epoch() == 2 && p.batch() == 5) Thread.currentThread().interrupt();
                }
            }).build();
            assertThrows(TrainingInterruptedException.class, () -> interrupting.fit(Models.gap().build(7), tr, te));
        } finally {
            Thread.interrupted();
        }
        TrainingHistory resumed;
        try (MnistBatches tr = train(1500, 7); MnistBatches te = test(500)) {
            resumed = recipe(3).weightAverage(0.98).checkpointDir(cut).build().resume(tr, te).history();
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(averaged.epochs().get(i).testAccuracy(), resumed.epochs().get(i).testAccuracy(), 1e-9);
            assertEquals(averaged.epochs().get(i).testLoss(), resumed.epochs().get(i).testLoss(), 1e-6);
        }
        // A run is resumed with the averaging it started with, or not at all.
        try (MnistBatches tr = train(1500, 7); MnistBatches te = test(500)) {
            Path other = dir.resolve("other");
            recipe(1).checkpointDir(other).build().fit(Models.gap().build(7), tr, te);
            String e = assertThrows(IllegalArgumentException.class, () -> recipe(1).weightAverage(0.98)
                    .checkpointDir(other).build().resume(tr, te)).getMessage();
            assertTrue(e.contains("the stored run evaluated its weights themselves, not a weight average with decay "
                    + "0.98"), e);
            e = assertThrows(IllegalArgumentException.class, () -> recipe(3).weightAverage(0.9).checkpointDir(cut)
                    .build().resume(tr, te)).getMessage();
            assertTrue(e.contains("evaluated a weight average with decay 0.98, not a weight average with decay 0.9"), e);
        }
    }

    @Test
    void anAveragedRunWithValidationScoresItsRawWeightsAsTheRunWithoutTheAverage(@TempDir Path dir)
            throws Exception {
        MnistData split = new MnistData(Data.MNIST.train().limit(1800), Data.MNIST.test()).holdOutValidation();
        TrainingHistory plain;
        TrainingHistory averaged;
        try (MnistBatches tr = MnistBatches.of(split.train()).batchSize(64).shuffle(9).build();
             MnistBatches va = MnistBatches.inOrder(split.validation(), 100); MnistBatches te = test(500)) {
            plain = recipe(2).build().fit(Models.smallGap().build(9), tr, va, te).history();
        }
        try (MnistBatches tr = MnistBatches.of(split.train()).batchSize(64).shuffle(9).build();
             MnistBatches va = MnistBatches.inOrder(split.validation(), 100); MnistBatches te = test(500)) {
            averaged = recipe(2).weightAverage(0.98).checkpointDir(dir).build()
                    .fit(Models.smallGap().build(9), tr, va, te).history();
        }
        assertFalse(plain.hasRaw());
        assertTrue(averaged.hasRaw());
        for (int i = 0; i < 2; i++) {
            EpochMetrics p = plain.epochs().get(i);
            RawScores raw = averaged.epochs().get(i).raw();
            assertEquals(p.validationAccuracy(), raw.validationAccuracy(), 0, "epoch " + (i + 1));
            assertEquals(p.validationLoss(), raw.validationLoss(), 0);
            assertEquals(p.testAccuracy(), raw.testAccuracy(), 0);
            assertFalse(p.validationLoss() == averaged.epochs().get(i).validationLoss(), "the average is evaluated");
        }
        assertEquals(plain.minValidationAccuracyOfLast(2), averaged.minRawValidationAccuracyOfLast(2), 0);
        RunRecord.writeHistory(dir, averaged);
        assertTrue(Files.readAllLines(dir.resolve(RunRecord.HISTORY)).get(0)
                .endsWith(",samples_per_s,raw_val_loss,raw_val_acc,raw_test_loss,raw_test_acc"));
        TrainingHistory read = RunRecord.readHistory(dir);
        assertEquals(averaged.last().raw().validationAccuracy(), read.last().raw().validationAccuracy(), 1e-4);
        assertEquals(averaged.last().raw().testLoss(), read.last().raw().testLoss(), 1e-6);
        assertEquals(averaged.last().raw(), Checkpoints.in(dir).loadState().history().last().raw(),
                "the checkpoint keeps them for a resume");
    }

    @Test
    void bestCheckpointReproducesTheBestEpoch(@TempDir Path dir) throws Exception {
        TrainingResult r;
        List<EpochMetrics> bests = new ArrayList<>();
        try (MnistBatches tr = train(1000, 6); MnistBatches te = test(500)) {
            r = recipe(2).checkpointDir(dir).listener(new TrainingListener() {
                @Override
                public void onNewBest(EpochMetrics m) {
                    bests.add(m);
                }
            }).build().fit(Models.smallGap().build(6), tr, te);
        }
        assertFalse(bests.isEmpty());
        assertEquals(r.history().best().orElseThrow(), bests.get(bests.size() - 1));
        Network best = Checkpoints.in(dir).loadBest();
        try (MnistBatches te = test(500)) {
            assertEquals(r.history().bestTestAccuracy(), Evaluation.of(best, te.epoch(1)).accuracy(), 1e-9);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("best.zip", "last.zip"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void withValidationTheBestCheckpointIsChosenOnValidation(@TempDir Path dir) throws Exception {
        MnistData split = new MnistData(Data.MNIST.train().limit(1800), Data.MNIST.test()).holdOutValidation();
        TrainingResult r;
        try (MnistBatches tr = MnistBatches.of(split.train()).batchSize(64).shuffle(8).build();
             MnistBatches va = MnistBatches.inOrder(split.validation(), 100); MnistBatches te = test(500)) {
            r = recipe(3).checkpointDir(dir).build().fit(Models.smallGap().build(8), tr, va, te);
        }
        TrainingHistory h = r.history();
        assertTrue(h.hasValidation());
        for (EpochMetrics e : h.epochs()) {
            assertTrue(e.validationAccuracy() > 10 && e.validationLoss() > 0, e.toString());
        }
        EpochMetrics best = h.best().orElseThrow();
        for (EpochMetrics e : h.epochs()) assertTrue(e.validationAccuracy() <= best.validationAccuracy());
        Network saved = Checkpoints.in(dir).loadBest();
        try (MnistBatches va = MnistBatches.inOrder(split.validation(), 100)) {
            assertEquals(best.validationAccuracy(), Evaluation.of(saved, va.epoch(1)).accuracy(), 1e-9,
                    "best.zip holds the epoch best on validation");
        }
        RunRecord.writeHistory(dir, h);
        assertTrue(Files.readAllLines(dir.resolve(RunRecord.HISTORY)).get(0).contains(",val_loss,val_acc,"));
        TrainingHistory read = RunRecord.readHistory(dir);
        assertEquals(h.size(), read.size());
        assertEquals(best.validationAccuracy(), read.best().orElseThrow().validationAccuracy(), 1e-4);
        // A run that had validation images is resumed with them, or not at all.
        try (MnistBatches tr = MnistBatches.of(split.train()).batchSize(64).shuffle(8).build();
             MnistBatches te = test(500)) {
            String e = assertThrows(IllegalArgumentException.class,
                    () -> recipe(3).checkpointDir(dir).build().resume(tr, te)).getMessage();
            assertTrue(e.contains("had validation images"), e);
        }
    }

    @Test
    void invalidSettingsFailBeforeTraining(@TempDir Path dir) throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().epochs(0));
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().labelSmoothing(1));
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().weightDecay(-1));
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().learningRate(0));
        assertThrows(IllegalArgumentException.class, () -> MnistBatches.of(Data.MNIST.train()).batchSize(0));
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        try (MnistBatches tr = train(200, 1); MnistBatches te = test(100)) {
            Trainer t = recipe(1).checkpointDir(notADir.resolve("sub")).build();
            assertThrows(IllegalArgumentException.class, () -> t.fit(Models.gap().build(1), tr, te));
        }
    }

    @Test
    void evaluationCountsAndConfusionAgree() {
        MnistDataset small = Data.MNIST.test().limit(300);
        try (MnistBatches te = MnistBatches.inOrder(small, 100)) {
            Evaluation e = Evaluation.of(Models.gap().build(9), te.epoch(1));
            assertEquals(300, e.size());
            int[][] cm = e.confusionMatrix();
            int diagonal = 0;
            int total = 0;
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 10; j++) {
                    total += cm[i][j];
                    if (i == j) diagonal += cm[i][j];
                }
            }
            assertEquals(300, total);
            assertEquals(e.accuracy(), 100.0 * diagonal / 300, 1e-9);
            assertEquals(300 - diagonal, e.misclassified().length);
        }
    }
}
