package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;
import org.mnistlab.report.Fixtures;
import org.mnistlab.train.BatchProgress;
import org.mnistlab.train.TrainingHistory;
import org.mnistlab.train.TrainingPlan;

import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveTrainingTest {

    @Test
    void keepsOneProgressLineAndOneChartUpdatedInPlace() {
        RecordingSink sink = new RecordingSink();
        AtomicLong clock = new AtomicLong();
        LiveTraining live = new LiveTraining(new Display(sink), clock::get);
        int epochs = 3;
        int batches = 200;
        live.onStart(new TrainingPlan("gap", 1, epochs, batches, 60_000, 10_000));
        TrainingHistory history = TrainingHistory.empty();
        for (int e = 1; e <= epochs; e++) {
            for (int b = 1; b <= batches; b++) {
                clock.addAndGet(10_000_000L); // 10 ms a batch: 2 s an epoch
                live.onBatch(BatchProgress.of(e, epochs).batch(b, batches).running(0.1, 97).learningRate(0.01)
                        .speed(6000, (batches - b) * 0.01).build());
            }
            history = Fixtures.history(e);
            live.onEpoch(history.last(), history);
        }
        live.onEnd(history);

        assertEquals(2, sink.of("display").size(), "exactly one progress and one chart output");
        String progressId = sink.of("display").get(0).id();
        String chartId = sink.of("display").get(1).id();
        long progressUpdates = sink.of("update").stream().filter(u -> u.id().equals(progressId)).count();
        // At most 4 a second: 6 s of batches -> <= 24 + first-of-epoch redraws, plus epoch and end lines.
        assertTrue(progressUpdates <= 24 + epochs + epochs + 1, "too many progress updates: " + progressUpdates);
        assertTrue(progressUpdates >= 20, "too few progress updates: " + progressUpdates);

        var chartUpdates = sink.of("update").stream().filter(u -> u.id().equals(chartId)).toList();
        assertEquals(epochs + 1, chartUpdates.size(), "one chart redraw per epoch and one at the end");
        for (var u : chartUpdates) {
            Fixtures.assertPng(Base64.getDecoder().decode(u.bundle().get(MimeBundle.PNG)), 960, 360);
        }
        var last = sink.events.stream().filter(u -> u.id().equals(progressId)).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.bundle().plainText().startsWith("Finished 3 epochs: best test accuracy 95.90% (epoch 3), "
                + "lowest of the last 3: "), last.bundle().plainText());
        var epochLine = sink.events.stream().filter(u -> u.id().equals(progressId)
                && u.bundle().plainText().startsWith("Epoch 2/3 | Train:")).count();
        assertEquals(1, epochLine);
        var batchLine = sink.events.stream().filter(u -> u.id().equals(progressId)
                && u.bundle().plainText().startsWith("Epoch 1/3 [")).findFirst().orElseThrow();
        assertTrue(batchLine.bundle().get(MimeBundle.HTML).contains("<progress"));
    }

    @Test
    void aRunShorterThanTheJudgedEpochsSaysNothingAboutTheLastThree() {
        RecordingSink sink = new RecordingSink();
        LiveTraining live = new LiveTraining(new Display(sink), new AtomicLong()::get);
        live.onStart(new TrainingPlan("gap", 1, 2, 1, 6_000, 10_000));
        TrainingHistory history = Fixtures.history(2);
        live.onEnd(history);
        var end = sink.events.stream().filter(u -> u.bundle().plainText().startsWith("Finished")).findFirst()
                .orElseThrow().bundle().plainText();
        assertFalse(end.contains("last 3"), end);

        String quick = Lab.describe(history, 6_044);
        assertTrue(quick.endsWith("With 2 epochs the target is not judged: it needs the lowest of the last 3."), quick);
        assertFalse(quick.contains("Target m"), quick);
        String full = Lab.describe(Fixtures.history(15), 6_044);
        assertTrue(full.contains("Lowest test accuracy over the last 3 epochs") && full.contains("Target m"), full);
    }

    @Test
    void aRunWithValidationEndsOnItsBestEpochOnValidation() {
        RecordingSink sink = new RecordingSink();
        LiveTraining live = new LiveTraining(new Display(sink), new AtomicLong()::get);
        live.onStart(new TrainingPlan("gap", 1, 3, 1, 50_000, 10_000));
        java.util.List<org.mnistlab.train.EpochMetrics> epochs = new java.util.ArrayList<>();
        double[] validation = {97.0, 98.5, 98.2};
        for (int e = 1; e <= 3; e++) {
            epochs.add(new org.mnistlab.train.EpochMetrics(e, 0.1, 97, 0.05, validation[e - 1], 0.04, 98.0 + e * 0.1,
                    0.01, 10, 5000));
        }
        live.onEnd(new TrainingHistory(epochs));
        String end = sink.events.stream().filter(u -> u.bundle().plainText().startsWith("Finished")).findFirst()
                .orElseThrow().bundle().plainText();
        assertEquals("Finished 3 epochs: best epoch on validation 2 (validation 98.50%, test 98.20%), lowest "
                + "validation accuracy of the last 3: 97.00%", end);
    }

    @Test
    void aFinalChartReplacesTheLiveOneInItsOwnOutputWhenTrainingEnds() {
        RecordingSink sink = new RecordingSink();
        LiveTraining live = new LiveTraining(new Display(sink), new AtomicLong()::get)
                .withFinalChart(h -> org.mnistlab.report.Charts.testAccuracyComparison(
                        java.util.Map.of("lesson", Fixtures.history(3), "yours", h), 840, 420));
        live.onStart(new TrainingPlan("gap", 1, 2, 1, 6_000, 10_000));
        live.onEpoch(Fixtures.history(1).last(), Fixtures.history(1));
        live.onEnd(Fixtures.history(2));

        assertEquals(2, sink.of("display").size(), "one progress and one chart output, however the run ends");
        String chartId = sink.of("display").get(1).id();
        var chartUpdates = sink.of("update").stream().filter(u -> u.id().equals(chartId)).toList();
        assertEquals(2, chartUpdates.size(), "the live chart after epoch 1, then the final chart in its place");
        Fixtures.assertPng(Base64.getDecoder().decode(chartUpdates.get(0).bundle().get(MimeBundle.PNG)), 960, 360);
        Fixtures.assertPng(Base64.getDecoder().decode(chartUpdates.get(1).bundle().get(MimeBundle.PNG)), 840, 420);
    }
}
