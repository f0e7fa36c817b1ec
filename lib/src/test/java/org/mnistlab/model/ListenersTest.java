package org.mnistlab.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.listeners.CollectScoresIterationListener;
import org.deeplearning4j.optimize.listeners.PerformanceListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.data.MnistDataset;
import org.mnistlab.train.Optimizer;
import org.mnistlab.train.Trainer;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DL4J's listener contract on either engine: {@code iterationDone} after every step with the step's score set,
 * {@code onEpochStart} and {@code onEpochEnd} around every epoch; a listener the Java engine cannot serve is never
 * ignored.
 */
class ListenersTest {

    static DataSet batch;

    @BeforeAll
    static void data() {
        batch = EngineFixtures.firstBatch(MnistData.load().train(), 32);
    }

    /** Everything DL4J tells a listener that the library's training loop drives. */
    static final class Recorder extends BaseTrainingListener {
        final List<String> events = new ArrayList<>();
        final List<Double> scores = new ArrayList<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            events.add("iteration " + iteration + " epoch " + epoch);
            scores.add(model.score());
        }

        @Override
        public void onEpochStart(Model model) {
            events.add("start");
        }

        @Override
        public void onEpochEnd(Model model) {
            events.add("end");
        }
    }

    /** Looks at DL4J's gradients: only DL4J's own backward pass can call it. */
    static final class GradientWatcher extends BaseTrainingListener {
        int calls;

        @Override
        public void onGradientCalculation(Model model) {
            calls++;
        }
    }

    @ParameterizedTest
    @EnumSource(value = EngineChoice.class, names = {"JAVA_VECTOR", "DL4J"})
    void listenersAreCalledAsDl4jCallsThem(EngineChoice choice) {
        if (choice == EngineChoice.JAVA_VECTOR) EngineFixtures.requireJavaEngine();
        Network net = Models.gap().build(2, choice);
        Recorder recorder = new Recorder();
        CollectScoresIterationListener scores = new CollectScoresIterationListener();
        // DL4J's PerformanceListener reads the batch (model.input()) in iterationDone.
        PerformanceListener performance = new PerformanceListener(1, false);
        net.dl4j().setListeners(recorder, scores, performance);
        MnistDataset train = MnistData.load().train().limit(96);
        try (MnistBatches trainBatches = MnistBatches.of(train).batchSize(48).shuffle(1).build();
             MnistBatches test = MnistBatches.inOrder(MnistData.load().test().limit(100), 100)) {
            Trainer.builder().epochs(2).optimizer(Optimizer.sgdMomentum(0.9)).learningRate(0.01).build()
                    .fit(net, trainBatches, test);
        }
        assertEquals(choice == EngineChoice.JAVA_VECTOR, net.engine().isJavaVector(), net.engine().describe());
        assertEquals(List.of("start", "iteration 0 epoch 0", "iteration 1 epoch 0", "end",
                "start", "iteration 2 epoch 1", "iteration 3 epoch 1", "end"), recorder.events);
        assertEquals(List.of(0L, 1L, 2L, 3L), java.util.Arrays.stream(scores.getScoreVsIter().getEffectiveIndexes())
                .boxed().toList(), "DL4J's own listener saw every step");
        assertEquals(recorder.scores, java.util.Arrays.stream(scores.getScoreVsIter().getEffectiveScores()).boxed()
                .toList());
        for (double s : recorder.scores) assertTrue(s > 0 && s < 5, "the step's score is set: " + s);
        // The score a listener reads is the step's loss, as Network.fit returns it.
        TrainingStep step = net.fit(batch.getFeatures(), batch.getLabels());
        assertEquals(step.loss(), recorder.scores.get(recorder.scores.size() - 1), 0);
    }

    @Test
    void aListenerTheJavaEngineCannotServeMovesTheNetworkToDl4jWithTheReason() {
        EngineFixtures.requireJavaEngine();
        Network net = Models.gap().build(3);
        assertTrue(net.engine().isJavaVector());
        GradientWatcher watcher = new GradientWatcher();
        net.dl4j().setListeners(watcher);
        net.fit(batch.getFeatures(), batch.getLabels());
        assertEquals(Engine.DL4J, net.engine().name());
        assertTrue(net.engine().reason().contains("listener " + GradientWatcher.class.getName()
                + " implements onGradientCalculation"), net.engine().describe());
        assertEquals(1, watcher.calls, "DL4J called it");

        Network strict = Models.gap().build(3, EngineChoice.JAVA_VECTOR);
        strict.dl4j().setListeners(new GradientWatcher());
        String error = assertThrows(IllegalStateException.class,
                () -> strict.fit(batch.getFeatures(), batch.getLabels())).getMessage();
        assertTrue(error.startsWith("the java-vector engine was required, but it cannot serve listener "), error);
    }
}
