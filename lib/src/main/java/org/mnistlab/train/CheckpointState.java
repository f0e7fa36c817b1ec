package org.mnistlab.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

/**
 * The run state a checkpoint carries as JSON beside the weights ({@link Checkpoints#STATE_ENTRY}), bound by Jackson to
 * these records. {@code schema} is {@value #SCHEMA}; a state written before the field existed reads as schema 1, with
 * the same fields (a state without {@code weightAverage} averaged no weights).
 *
 * <p>Example: {@code Checkpoints.State s = CheckpointState.read(CheckpointState.write(state));}
 */
final class CheckpointState {

    /** The version this code writes. */
    static final int SCHEMA = 2;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private CheckpointState() {
    }

    /**
     * The file's form of a state. NaN (a diverged loss) and the infinities are written as JSON strings, which Jackson
     * reads back into doubles.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record File(Integer schema, int plannedEpochs, long seed, Double weightAverage, List<Epoch> history) {
    }

    /** One epoch's figures; the validation and raw-weight figures are absent (not NaN) when the run has none. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Epoch(int epoch, double trainLoss, double trainAccuracy, Double validationLoss, Double validationAccuracy,
                 double testLoss, double testAccuracy, double learningRate, double seconds, double samplesPerSecond,
                 Double rawValidationLoss, Double rawValidationAccuracy, Double rawTestLoss, Double rawTestAccuracy) {

        static Epoch of(EpochMetrics e) {
            RawScores raw = e.raw();
            return new Epoch(e.epoch(), e.trainLoss(), e.trainAccuracy(),
                    e.hasValidation() ? e.validationLoss() : null, e.hasValidation() ? e.validationAccuracy() : null,
                    e.testLoss(), e.testAccuracy(), e.learningRate(), e.seconds(), e.samplesPerSecond(),
                    raw == null ? null : raw.validationLoss(), raw == null ? null : raw.validationAccuracy(),
                    raw == null ? null : raw.testLoss(), raw == null ? null : raw.testAccuracy());
        }

        EpochMetrics metrics() {
            EpochMetrics.Builder figures = EpochMetrics.of(epoch).train(trainLoss, trainAccuracy)
                    .test(testLoss, testAccuracy).learningRate(learningRate).took(seconds, samplesPerSecond);
            if (validationAccuracy != null) {
                figures.validation(validationLoss == null ? Double.NaN : validationLoss, validationAccuracy);
            }
            if (rawTestAccuracy != null) {
                figures.raw(new RawScores(rawValidationLoss, rawValidationAccuracy, rawTestLoss, rawTestAccuracy));
            }
            return figures.build();
        }
    }

    static byte[] write(Checkpoints.State state) throws IOException {
        List<Epoch> epochs = state.history().epochs().stream().map(Epoch::of).toList();
        return JSON.writeValueAsBytes(new File(SCHEMA, state.plannedEpochs(), state.seed(), state.weightAverage(),
                epochs));
    }

    /** @throws IOException when the bytes are not a state of a known schema */
    static Checkpoints.State read(byte[] json) throws IOException {
        File f = JSON.readValue(json, File.class);
        int schema = f.schema() == null ? 1 : f.schema();
        if (schema > SCHEMA) {
            throw new IOException("a run state of schema " + schema + ", newer than this MNIST Lab's " + SCHEMA);
        }
        if (f.history() == null) throw new IOException("a run state without its history");
        return new Checkpoints.State(f.plannedEpochs(), f.seed(), new TrainingHistory(f.history().stream()
                .map(Epoch::metrics).toList()), f.weightAverage() == null ? 0 : f.weightAverage());
    }
}
