package org.mnistlab.train;

import org.mnistlab.model.Network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint folder of a run: {@code best.zip} (the model of the best test accuracy so far) and {@code last.zip}
 * (the model after the latest epoch, optimiser state included, and the run's state: epochs done, history, the run's
 * length). {@code last.zip} holds weights and state together and is replaced by one atomic rename, flushed to disk,
 * so a run killed at any moment, even while it writes, leaves the previous complete checkpoint to resume from.
 *
 * <p>Example: {@code Network best = Checkpoints.in(dir).loadBest();}
 */
public final class Checkpoints {

    static final String BEST = "best.zip";
    static final String LAST = "last.zip";
    /** The run's state inside {@code last.zip}. */
    static final String STATE_ENTRY = "mnist-lab-run-state.json";
    /** The run's weight average inside {@code last.zip}, when its recipe averages weights. */
    static final String AVERAGE_ENTRY = "mnist-lab-weight-average.bin";

    /**
     * Test hook: {@code -Dmnistlab.halt=PHASE:N} stops the JVM (as SIGKILL would) at the N-th time this process
     * reaches PHASE: {@code step} (after a training step, before the next), {@code last-written} (a new
     * {@code last.zip} complete on disk, not yet committed) or {@code last-committed} (just after it replaced the
     * old one). The fault-injection test crashes a run at points the code names, not at moments a clock picks.
     */
    static final String HALT_PROPERTY = "mnistlab.halt";

    /** Where a run can be stopped by {@link #HALT_PROPERTY}. */
    enum Phase {
        STEP("step"), LAST_WRITTEN("last-written"), LAST_COMMITTED("last-committed");

        final String key;

        Phase(String key) {
            this.key = key;
        }
    }

    private final Path dir;
    private final Phase haltPhase;
    private final int haltAt;
    private int passes; // through haltPhase, in this process

    private Checkpoints(Path dir) {
        this.dir = dir;
        String halt = System.getProperty(HALT_PROPERTY, "");
        if (halt.isEmpty()) {
            haltPhase = null;
            haltAt = 0;
        } else {
            String[] parts = halt.split(":");
            Phase phase = parts.length != 2 ? null : java.util.Arrays.stream(Phase.values())
                    .filter(p -> p.key.equals(parts[0])).findFirst().orElse(null);
            if (phase == null || !parts[1].matches("[1-9][0-9]*")) {
                throw new IllegalArgumentException(HALT_PROPERTY + " must be step:N, last-written:N or "
                        + "last-committed:N (N >= 1), got '" + halt + "'");
            }
            haltPhase = phase;
            haltAt = Integer.parseInt(parts[1]);
        }
    }

    /** Stops the JVM when the halt hook names this pass through {@code phase}. */
    private void reached(Phase phase) {
        if (phase == haltPhase && ++passes == haltAt) Runtime.getRuntime().halt(137);
    }

    /** Called by the trainer after every training step (the halt hook's {@code step} phase). */
    void afterStep() {
        reached(Phase.STEP);
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

    /** True when a run to resume is stored here (its {@code last.zip}). */
    public boolean hasState() {
        return Files.isRegularFile(lastModel());
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

    /** Returns the file written. */
    Path saveBest(Network network) throws IOException {
        network.save(bestModel());
        return bestModel();
    }

    void saveLast(Network network, State state, WeightAverage average) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(STATE_ENTRY, CheckpointState.write(state));
        if (average != null) entries.put(AVERAGE_ENTRY, average.toBytes());
        network.save(lastModel(), entries, () -> reached(Phase.LAST_WRITTEN));
        reached(Phase.LAST_COMMITTED);
    }

    /**
     * The model a run evaluated when it wrote {@code checkpoint}: its network, with the weight average in place of
     * the raw weights when the checkpoint holds one (a {@code last.zip} of a run evaluated on its average); a
     * {@code best.zip} holds the evaluated weights already.
     *
     * <p>Example: {@code Network judged = Checkpoints.evaluatedModel(run.resolve("checkpoints/last.zip"));}
     */
    public static Network evaluatedModel(Path checkpoint) throws IOException {
        Network network = Network.load(checkpoint);
        java.util.Optional<byte[]> average = Network.attachment(checkpoint, AVERAGE_ENTRY);
        if (average.isPresent()) {
            try {
                network.dl4j().params().assign(WeightAverage.decode(average.get(), network.dl4j().params()));
            } catch (IllegalArgumentException e) {
                throw new IOException(checkpoint + ": " + e.getMessage(), e);
            }
        }
        return network;
    }

    /** The weight average stored with the last checkpoint, for {@code network} (loaded from it). */
    WeightAverage loadAverage(Network network, double decay) throws IOException {
        byte[] bytes = Network.attachment(lastModel(), AVERAGE_ENTRY).orElseThrow(() -> new IOException(lastModel()
                + " holds no weight average, but the recipe averages weights: it was trained by another recipe"));
        try {
            return WeightAverage.fromBytes(bytes, network.dl4j().params(), decay);
        } catch (IllegalArgumentException e) {
            throw new IOException(lastModel() + ": " + e.getMessage(), e);
        }
    }

    State loadState() throws IOException {
        if (!Files.isRegularFile(lastModel())) throw new IOException("no checkpoint to resume in " + dir);
        byte[] json = Network.attachment(lastModel(), STATE_ENTRY).orElseThrow(() -> new IOException(lastModel()
                + " holds no run state (a checkpoint of an older MNIST Lab: start the run afresh with --force)"));
        String where = lastModel().toString();
        try {
            return CheckpointState.read(json);
        } catch (IOException | RuntimeException e) {
            throw new IOException(where + " is not a checkpoint state written by MNIST Lab: " + e.getMessage(), e);
        }
    }

    /**
     * What a resumed run needs besides the weights.
     *
     * @param plannedEpochs the run's length, which fixed its learning-rate plan
     * @param seed          the run's seed
     * @param history       epochs done so far
     * @param weightAverage the decay of the weight average the run evaluates (0: none)
     */
    record State(int plannedEpochs, long seed, TrainingHistory history, double weightAverage) {

        /** Refuses to continue this stored run with another plan: its epochs, seed and weight average are its own. */
        void requireResumableWith(int epochs, long seed, double weightAverage) {
            if (plannedEpochs != epochs) {
                throw new IllegalArgumentException("the stored run was planned for " + plannedEpochs + " epochs (its "
                        + "learning-rate plan depends on it); resume it with epochs(" + plannedEpochs + ")");
            }
            if (this.seed != seed) {
                throw new IllegalArgumentException("the stored run used seed " + this.seed + ", not " + seed);
            }
            if (this.weightAverage != weightAverage) {
                throw new IllegalArgumentException("the stored run evaluated " + averaged(this.weightAverage)
                        + ", not " + averaged(weightAverage) + "; resume it with weightAverage(" + this.weightAverage
                        + ")");
            }
        }

        private static String averaged(double decay) {
            return decay > 0 ? "a weight average with decay " + decay : "its weights themselves";
        }
    }
}
