package org.mnistlab.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.mnistlab.data.BatchSource;
import org.mnistlab.model.EngineChoice;
import org.mnistlab.model.Network;
import org.mnistlab.model.TrainingStep;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Trains a {@link Network} for a number of epochs, evaluating on the test set after each one, keeping the best
 * model, and telling {@link TrainingListener}s as it goes.
 *
 * <p>Example:
 * <pre>{@code
 * TrainingResult result = Trainer.builder()
 *         .epochs(15).optimizer(Optimizer.sgdMomentum(0.9)).schedule(LrSchedule.oneCycle(0.05))
 *         .labelSmoothing(0.02).seed(1).build()
 *         .fit(net, trainBatches, testBatches);
 * }</pre>
 *
 * <p>Determinism: weights, batch order, augmentation and dropout all come from the seed, so the same seed and
 * settings give the same history. The Java engine's dropout masks come from the run's own generator, so code that
 * draws from ND4J's global one (another cell, a listener) changes nothing. On the Java engine that holds on every CPU, whatever its vector width and the
 * thread count; on DL4J's own layers, oneDNN picks kernels by CPU, so another CPU model may differ in the last
 * digits.
 */
public final class Trainer {

    private final int epochs;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final double weightDecay;
    private final double labelSmoothing;
    private final double weightAverage;
    private final long seed;
    private final int stopAfter;
    private final Path checkpointDir;
    private final EngineChoice engine;
    private final List<TrainingListener> listeners;

    private Trainer(Builder b) {
        this.epochs = b.epochs;
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.weightDecay = b.weightDecay;
        this.labelSmoothing = b.labelSmoothing;
        this.weightAverage = b.weightAverage;
        this.seed = b.seed;
        this.stopAfter = b.stopAfter;
        this.checkpointDir = b.checkpointDir;
        this.engine = b.engine;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Trains a fresh network from epoch 1, without validation images: the best epoch is the best on test. */
    public TrainingResult fit(Network network, BatchSource train, BatchSource test) {
        return fit(network, train, null, test);
    }

    /**
     * Trains a fresh network from epoch 1, evaluating the held-out {@code validation} images (may be null) and the
     * test images after every epoch; the best checkpoint is the best on validation.
     */
    public TrainingResult fit(Network network, BatchSource train, BatchSource validation, BatchSource test) {
        Objects.requireNonNull(network, "network");
        BatchSource.requireUsable("training", train);
        if (validation != null) BatchSource.requireUsable("validation", validation);
        BatchSource.requireUsable("test", test);
        if (network.iterations() > 0) {
            throw new IllegalStateException("this network has already trained; use resume(...) to continue a run");
        }
        Checkpoints checkpoints = checkpointDir == null ? null : Checkpoints.in(checkpointDir);
        if (checkpoints != null) checkpoints.checkWritable();
        network.configureOptimizer(optimizer.toUpdater(schedule, epochs, train.batchesPerEpoch()), weightDecay);
        WeightAverage average = weightAverage > 0 ? WeightAverage.of(network.dl4j().params(), weightAverage) : null;
        return run(network, train, validation, test, TrainingHistory.empty(), checkpoints, average);
    }

    /**
     * Continues the run stored in the checkpoint folder: same weights, optimiser state, learning-rate plan and
     * batch order as if it had not stopped.
     */
    public TrainingResult resume(BatchSource train, BatchSource test) throws IOException {
        return resume(train, null, test);
    }

    /** {@link #resume(BatchSource, BatchSource)} of a run that evaluates {@code validation} images (may be null). */
    public TrainingResult resume(BatchSource train, BatchSource validation, BatchSource test) throws IOException {
        if (checkpointDir == null) throw new IllegalStateException("resume needs checkpointDir(...)");
        BatchSource.requireUsable("training", train);
        if (validation != null) BatchSource.requireUsable("validation", validation);
        BatchSource.requireUsable("test", test);
        Checkpoints checkpoints = Checkpoints.in(checkpointDir);
        Checkpoints.State state = checkpoints.loadState();
        state.requireResumableWith(epochs, seed, weightAverage);
        Network network = Network.load(checkpoints.lastModel(), engine != null ? engine
                : EngineChoice.fromEnvironment());
        if (network.epochs() != state.history().size()) {
            throw new IOException("checkpoint mismatch in " + checkpointDir + ": the model has " + network.epochs()
                    + " epochs, the state " + state.history().size());
        }
        if (!state.history().isEmpty() && state.history().hasValidation() != (validation != null)) {
            throw new IllegalArgumentException("the stored run " + (validation != null ? "had no" : "had")
                    + " validation images; resume it " + (validation != null ? "without" : "with") + " them");
        }
        WeightAverage average = weightAverage > 0 ? checkpoints.loadAverage(network, weightAverage) : null;
        return run(network, train, validation, test, state.history(), checkpoints, average);
    }

    /**
     * The epochs from {@code start} on; with a weight {@code average} (else null), each epoch evaluates and saves as
     * best the average, while the network's own weights train on.
     */
    private TrainingResult run(Network network, BatchSource train, BatchSource validation, BatchSource test,
                               TrainingHistory start, Checkpoints checkpoints, WeightAverage average) {
        MultiLayerNetwork net = network.dl4j();
        TrainingHistory history = start;
        int firstEpoch = start.size() + 1;
        double best = start.best().map(EpochMetrics::choiceAccuracy).orElse(Double.NaN);
        long runStart = System.nanoTime();
        TrainingPlan plan = new TrainingPlan(network.name(), firstEpoch, epochs, train.batchesPerEpoch(),
                train.samples(), test.samples());
        listeners.forEach(l -> l.onStart(plan));
        double[] lrPlan = schedule.plan(epochs, train.batchesPerEpoch());
        Random dropout = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        try {
            for (int epoch = firstEpoch; epoch <= Math.min(epochs, stopAfter); epoch++) {
                // Reseeded per epoch, so a resumed run draws the same dropout masks as an uninterrupted one. The Java
                // engine draws from the run's own generator; DL4J's layers can only draw from ND4J's.
                long epochSeed = seed * 1_000_003L + epoch;
                dropout.setSeed(epochSeed);
                if (!network.engine().isJavaVector()) Nd4j.getRandom().setSeed(epochSeed);
                network.beginEpoch();
                long t0 = System.nanoTime();
                double lossSum = 0;
                int seen = 0;
                long correct = 0;
                int batchNo = 0;
                Iterator<DataSet> batches = train.epoch(epoch);
                while (batches.hasNext()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new TrainingInterruptedException(epoch, history);
                    }
                    DataSet batch = batches.next();
                    int n = batch.numExamples();
                    double lr = lrPlan[Math.min(net.getIterationCount(), lrPlan.length - 1)];
                    TrainingStep step = network.fit(batch.getFeatures(), smooth(batch.getLabels()), dropout);
                    if (average != null) average.update(net.params(), net.getIterationCount());
                    if (checkpoints != null) checkpoints.afterStep();
                    correct += step.correct(batch.getLabels().argMax(1).toIntVector());
                    lossSum += step.loss() * n;
                    seen += n;
                    batchNo++;
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    BatchProgress progress = BatchProgress.of(epoch, epochs).batch(batchNo, train.batchesPerEpoch())
                            .running(lossSum / seen, 100.0 * correct / seen).learningRate(lr)
                            .speed(seen / elapsed, elapsed / batchNo * (train.batchesPerEpoch() - batchNo)).build();
                    for (TrainingListener l : listeners) l.onBatch(progress);
                }
                network.endEpoch();
                double trainSeconds = (System.nanoTime() - t0) / 1e9;
                // Test, then validation (if any), with the weight average swapped in once for both.
                EpochEvaluations evals = average == null ? EpochEvaluations.of(network, test, validation)
                        : average.swappedIn(network, () -> EpochEvaluations.of(network, test, validation));
                Evaluation eval = evals.test();
                Evaluation valEval = evals.validation();
                RawScores raw = average != null && validation != null
                        ? EpochEvaluations.of(network, test, validation).raw() : null;
                double seconds = (System.nanoTime() - t0) / 1e9;
                double lastLr = lrPlan[Math.min(net.getIterationCount() - 1, lrPlan.length - 1)];
                EpochMetrics.Builder figures = EpochMetrics.of(epoch).train(lossSum / seen, 100.0 * correct / seen)
                        .test(eval.loss(), eval.accuracy()).learningRate(lastLr).took(seconds, seen / trainSeconds)
                        .raw(raw);
                if (valEval != null) figures.validation(valEval.loss(), valEval.accuracy());
                EpochMetrics metrics = figures.build();
                history = history.plus(metrics);
                // Chosen on validation when there is some; true on the first epoch (best is NaN).
                boolean newBest = !(metrics.choiceAccuracy() <= best);
                if (checkpoints != null) {
                    if (newBest && average == null) checkpoints.saveBest(network);
                    if (newBest && average != null) { // the average is what was evaluated
                        average.swappedIn(network, () -> checkpoints.saveBest(network));
                    }
                    checkpoints.saveLast(network, new Checkpoints.State(epochs, seed, history, weightAverage),
                            average);
                }
                for (TrainingListener l : listeners) l.onEpoch(metrics, history);
                if (newBest) {
                    best = metrics.choiceAccuracy();
                    for (TrainingListener l : listeners) l.onNewBest(metrics);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a checkpoint to " + checkpointDir, e);
        }
        // The network returned is the one evaluated: with a weight average, the average.
        if (average != null) net.params().assign(average.average());
        for (TrainingListener l : listeners) l.onEnd(history);
        return new TrainingResult(network, history, (System.nanoTime() - runStart) / 1e9,
                checkpoints == null ? null : checkpoints.bestModel());
    }

    /** Cross-entropy against smoothed targets: y * (1 - e) + e / K, as PyTorch's {@code label_smoothing}. */
    private INDArray smooth(INDArray oneHot) {
        if (labelSmoothing == 0) return oneHot;
        return oneHot.mul(1 - labelSmoothing).addi(labelSmoothing / oneHot.size(1));
    }

    /** Fluent settings; every value is checked when set. */
    public static final class Builder {
        private int epochs = 15;
        private Optimizer optimizer = Optimizer.sgdMomentum(0.9);
        private LrSchedule schedule = LrSchedule.constant(0.01);
        private double weightDecay = 0;
        private double labelSmoothing = 0;
        private double weightAverage = 0;
        private long seed = 1;
        private int stopAfter = Integer.MAX_VALUE;
        private Path checkpointDir;
        private EngineChoice engine; // null: this JVM's choice
        private final List<TrainingListener> listeners = new ArrayList<>();

        public Builder epochs(int epochs) {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            this.epochs = epochs;
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** A constant learning rate. */
        public Builder learningRate(double lr) {
            return schedule(LrSchedule.constant(lr));
        }

        public Builder schedule(LrSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** L2 weight decay on conv and dense weights (PyTorch SGD's {@code weight_decay}). */
        public Builder weightDecay(double weightDecay) {
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
            this.weightDecay = weightDecay;
            return this;
        }

        /** Label smoothing factor in [0, 1), e.g. 0.02. */
        public Builder labelSmoothing(double epsilon) {
            if (!(epsilon >= 0 && epsilon < 1)) {
                throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + epsilon);
            }
            this.labelSmoothing = epsilon;
            return this;
        }

        /**
         * Evaluate (and keep as best) an exponential moving average of the weights with this decay, e.g. 0.999,
         * rather than the weights of the last step; 0 (the default) evaluates the weights themselves.
         */
        public Builder weightAverage(double decay) {
            if (!(decay >= 0 && decay < 1)) throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + decay);
            this.weightAverage = decay;
            return this;
        }

        /** Seed for dropout masks (weights, batch order and augmentation take it from the network and data). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Stops after this epoch of the planned {@link #epochs}, with the schedule of the whole plan: the first epochs
         * of the run exactly as the whole run trains them ({@link #resume} continues it). Default: every epoch.
         */
        public Builder stopAfterEpoch(int epoch) {
            if (epoch < 1) throw new IllegalArgumentException("stop after epoch must be >= 1, got " + epoch);
            this.stopAfter = epoch;
            return this;
        }

        /** Where best.zip and last.zip go (none by default). */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /** The engine a resumed run's network is loaded on (default: this JVM's choice). */
        public Builder engine(EngineChoice choice) {
            this.engine = Objects.requireNonNull(choice, "engine");
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
