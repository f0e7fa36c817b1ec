package org.mnistlab.train;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint's run state survives the file, and states written before it had a schema still read. */
class CheckpointStateTest {

    @Test
    void aStateComesBackAsItWasWrittenNaNLossesAndRawScoresIncluded() throws IOException {
        TrainingHistory history = new TrainingHistory(List.of(
                EpochMetrics.of(1).train(Double.NaN, 9.8).validation(Double.NaN, 9.9).test(Double.NaN, 9.8)
                        .learningRate(0.5).took(10, 6000).raw(new RawScores(Double.NaN, 9.9, Double.NaN, 9.8)).build(),
                EpochMetrics.of(2).train(0.04, 98.8).validation(0.03, 99.1).test(0.033, 99.05).learningRate(0.001)
                        .took(9.5, 6100).raw(new RawScores(0.031, 99.0, 0.034, 98.9)).build()));
        Checkpoints.State state = new Checkpoints.State(15, 42, history, 0.999);
        byte[] json = CheckpointState.write(state);
        assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"schema\" : " + CheckpointState.SCHEMA));
        assertEquals(state, CheckpointState.read(json));
        Checkpoints.State plain = new Checkpoints.State(3, 1, new TrainingHistory(List.of(EpochMetrics.of(1)
                .train(0.2, 94).test(0.1, 97).learningRate(0.01).took(5, 5000).build())), 0);
        assertEquals(plain, CheckpointState.read(CheckpointState.write(plain)));
    }

    @Test
    void aStateWrittenBeforeTheSchemaFieldReadsAsSchemaOne() throws IOException {
        // As the hand-written serialiser of earlier versions wrote it: no schema, NaN as a string, no weight average.
        String old = """
                {"plannedEpochs": 4, "seed": 7, "history": [
                  {"epoch": 1, "trainLoss": "NaN", "trainAccuracy": 11.2, "testLoss": 2.3, "testAccuracy": 11.35,
                   "learningRate": 0.05, "seconds": 3.5, "samplesPerSecond": 1800.0}]}
                """;
        Checkpoints.State state = CheckpointState.read(old.getBytes(StandardCharsets.UTF_8));
        assertEquals(4, state.plannedEpochs());
        assertEquals(7, state.seed());
        assertEquals(0, state.weightAverage());
        EpochMetrics e = state.history().last();
        assertTrue(Double.isNaN(e.trainLoss()));
        assertEquals(11.35, e.testAccuracy());
        assertTrue(!e.hasValidation() && e.raw() == null);
    }

    @Test
    void aNewerSchemaOrAMissingFieldIsRefused() {
        assertThrows(IOException.class, () -> CheckpointState.read(
                "{\"schema\": 99, \"plannedEpochs\": 1, \"seed\": 1, \"history\": []}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> CheckpointState.read(
                "{\"schema\": 2, \"seed\": 1, \"history\": []}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> CheckpointState.read(
                "{\"schema\": 2, \"plannedEpochs\": 1, \"seed\": 1}".getBytes(StandardCharsets.UTF_8)));
    }
}
