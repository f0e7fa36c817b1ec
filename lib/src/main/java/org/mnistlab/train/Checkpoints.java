package org.mnistlab.train;

import org.mnistlab.data.AtomicWrite;
import org.mnistlab.model.Network;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint folder of a run: {@code best.zip} (the model of the best test accuracy so far), {@code last.zip}
 * (the model after the latest epoch, optimiser state included) and {@code state.json} (epochs done, history, the
 * run's length). Every file is replaced atomically, and {@code state.json} is written last, so an interrupted run
 * always leaves a consistent pair to resume from.
 *
 * <p>Example: {@code Network best = Checkpoints.in(dir).loadBest();}
 */
public final class Checkpoints {

    static final String BEST = "best.zip";
    static final String LAST = "last.zip";
    static final String STATE = "state.json";

    private final Path dir;

    private Checkpoints(Path dir) {
        this.dir = dir;
    }

    public static Checkpoints in(Path dir) {
        return new Checkpoints(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path bestModel() {
        return dir.resolve(BEST);
    }

    public Path lastModel() {
        return dir.resolve(LAST);
    }

    /** True when a resumable run is stored here. */
    public boolean hasState() {
        return Files.isRegularFile(dir.resolve(STATE)) && Files.isRegularFile(lastModel());
    }

    /**
     * Fails early, with the reason, when the folder cannot be created or written, so a run does not train for
     * minutes before finding out.
     */
    public void checkWritable() {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot write to " + dir + ": " + e, e);
        }
    }

    public Network loadBest() throws IOException {
        return Network.load(bestModel());
    }

    void saveBest(Network network) throws IOException {
        network.save(bestModel());
    }

    void saveLast(Network network, State state) throws IOException {
        network.save(lastModel());
        AtomicWrite.bytes(dir.resolve(STATE), MAPPER.writeValueAsBytes(state.toMap()));
    }

    State loadState() throws IOException {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) throw new IOException("no checkpoint state in " + dir);
        try {
            return State.fromMap(MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>() { }));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a checkpoint state written by MNIST Lab: " + e.getMessage(), e);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What a resumed run needs besides the weights.
     *
     * @param plannedEpochs the run's length, which fixed its learning-rate plan
     * @param seed          the run's seed
     * @param history       epochs done so far
     */
    record State(int plannedEpochs, long seed, TrainingHistory history) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("plannedEpochs", plannedEpochs);
            m.put("seed", seed);
            List<Map<String, Object>> epochs = new ArrayList<>();
            for (EpochMetrics e : history.epochs()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("epoch", e.epoch());
                row.put("trainLoss", e.trainLoss());
                row.put("trainAccuracy", e.trainAccuracy());
                row.put("testLoss", e.testLoss());
                row.put("testAccuracy", e.testAccuracy());
                row.put("learningRate", e.learningRate());
                row.put("seconds", e.seconds());
                row.put("samplesPerSecond", e.samplesPerSecond());
                epochs.add(row);
            }
            m.put("history", epochs);
            return m;
        }

        @SuppressWarnings("unchecked")
        static State fromMap(Map<String, Object> m) {
            List<EpochMetrics> epochs = new ArrayList<>();
            for (Map<String, Object> row : (List<Map<String, Object>>) m.get("history")) {
                epochs.add(new EpochMetrics(((Number) row.get("epoch")).intValue(), num(row, "trainLoss"),
                        num(row, "trainAccuracy"), num(row, "testLoss"), num(row, "testAccuracy"),
                        num(row, "learningRate"), num(row, "seconds"), num(row, "samplesPerSecond")));
            }
            return new State(((Number) m.get("plannedEpochs")).intValue(), ((Number) m.get("seed")).longValue(),
                    new TrainingHistory(epochs));
        }

        private static double num(Map<String, Object> row, String key) {
            return ((Number) row.get(key)).doubleValue();
        }
    }
}
