package org.mnistlab.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.mnistlab.model.engine.JavaEngine;
import org.mnistlab.model.engine.JavaNetwork;
import org.mnistlab.model.engine.LayerTimes;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trainable network built from an {@link Architecture}: DL4J's {@link MultiLayerNetwork} underneath, with
 * softmax and cross-entropy added after the architecture's last layer. A network configured with DL4J's own builder
 * joins in through {@link #of(String, MultiLayerNetwork)}.
 *
 * <p>Why MultiLayerNetwork: the model stays an ordinary DL4J model that can be saved, loaded and inspected. Its
 * training steps ({@link #fit}) and predictions ({@link #output}) run on the {@link Engine} it was given: by default
 * MNIST Lab's Java engine (the whole network on Java arrays, {@link JavaNetwork}), with DL4J keeping the parameters,
 * the optimiser state and the files; or DL4J's own layers, when chosen ({@link EngineChoice}) or when the network,
 * a listener, the JVM or the CPU needs them: {@link #engine()} says which, and why.
 *
 * <p>DL4J's contract holds on either engine: the listeners set on {@link #dl4j()} are called after every step
 * ({@code iterationDone}, with the score set) and at each epoch's start and end ({@link #beginEpoch()},
 * {@link #endEpoch()}), as {@code MultiLayerNetwork.fit} calls them.
 *
 * <p>Example: {@code Network net = Models.gap().build(42); System.out.println(net.engine().describe());}
 */
public final class Network {

    /** How a network runs that the Java engine does not: DL4J's own layers, as DL4J ships them. */
    static final String OWN_LAYERS = "DL4J's own layers";

    /** The engine that trained a saved network, as {@link Engine#describe()} says it. */
    public static final String ENGINE_ENTRY = "mnist-lab-engine.txt";

    private final Architecture architecture;
    private final MultiLayerNetwork dl4j;
    private final BackendInfo backend;
    private final EngineChoice choice;
    private final PredictionRecorder recorder; // for DL4J's own steps
    private JavaNetwork javaNetwork; // null: DL4J computes every step itself
    private Engine engine;

    private Network(Architecture architecture, MultiLayerNetwork dl4j, BackendInfo backend, EngineChoice choice) {
        this.architecture = architecture;
        this.dl4j = dl4j;
        this.backend = backend;
        this.choice = Objects.requireNonNull(choice, "engine choice");
        this.recorder = new PredictionRecorder(dl4j);
        this.engine = chooseEngine();
    }

    /**
     * Builds and initialises the network; weights come from {@code seed}. The engine is this JVM's choice
     * ({@link EngineChoice#fromEnvironment()}).
     */
    public static Network create(Architecture architecture, long seed) {
        return create(architecture, seed, EngineChoice.fromEnvironment());
    }

    /**
     * Builds and initialises the network on the engine {@code choice} asks for.
     *
     * @throws IllegalStateException when {@link EngineChoice#JAVA_VECTOR} is asked for and cannot run this network,
     *                               or DL4J's own layers would have to compute what they cannot ({@link OneDnnLimits})
     */
    public static Network create(Architecture architecture, long seed, EngineChoice choice) {
        BackendInfo backend = Backend.prepare();
        MultiLayerNetwork net = new MultiLayerNetwork(Dl4jConfigurationWriter.write(architecture, seed));
        net.init();
        return new Network(architecture, net, backend, choice);
    }

    /**
     * A network configured with DL4J's own builder, for a 1x28x28 input, trained and run through the library: on
     * the Java engine when it can compute it (this JVM's {@link EngineChoice}), else on DL4J with the reason. Its
     * {@link #architecture()} is read from the configuration, so its summary and parameter count are the library's.
     *
     * <p>Example: {@code Network net = Network.of("mine", new MultiLayerNetwork(conf));}
     *
     * @throws IllegalArgumentException when a layer has no {@link Architecture} equivalent, naming it
     * @throws IllegalStateException    when DL4J's own layers would have to compute what they cannot
     *                                  ({@link OneDnnLimits})
     */
    public static Network of(String name, MultiLayerNetwork net) {
        return of(name, net, EngineChoice.fromEnvironment());
    }

    /** {@link #of(String, MultiLayerNetwork)} on the engine {@code choice} asks for. */
    public static Network of(String name, MultiLayerNetwork net, EngineChoice choice) {
        Architecture architecture = Architecture.fromDl4j(name, net.getLayerWiseConfigurations());
        BackendInfo backend = Backend.prepare();
        if (!net.isInitCalled()) net.init();
        return new Network(architecture, net, backend, choice);
    }

    /** The engine {@link #choice} asks for, or the reason it cannot be had. */
    private Engine chooseEngine() {
        if (choice == EngineChoice.DL4J) {
            OneDnnLimits.requireComputable("the dl4j engine", architecture, backend);
            return Engine.dl4j(OWN_LAYERS, "the dl4j engine was chosen");
        }
        boolean cpu = backend.backend().equalsIgnoreCase("CPU");
        String reason = cpu ? JavaEngine.unavailableReason()
                : "the " + backend.backend() + " backend computes DL4J's layers on the GPU; the Java engine is CPU code";
        if (reason == null) {
            try {
                javaNetwork = JavaEngine.compile(dl4j, architecture.inChannels(), architecture.height(),
                        architecture.width());
            } catch (IllegalArgumentException e) {
                reason = e.getMessage();
            }
        }
        if (reason != null && choice == EngineChoice.JAVA_VECTOR) { // before the network is touched
            throw new IllegalStateException("the java-vector engine cannot run " + name() + ": " + reason);
        }
        if (javaNetwork != null) return Engine.javaVector(JavaEngine.describe());
        OneDnnLimits.requireComputable("DL4J's own layers (" + reason + ")", architecture, backend);
        return Engine.dl4j(OWN_LAYERS, reason);
    }


    /**
     * Sets the optimiser and L2 weight decay (on conv and dense weights, as PyTorch's {@code weight_decay} does in
     * SGD; biases and BatchNorm are not decayed) before the first training step. A network that has already trained
     * keeps the optimiser state it was saved with.
     */
    public void configureOptimizer(IUpdater updater, double weightDecay) {
        Objects.requireNonNull(updater, "updater");
        if (weightDecay < 0) throw new IllegalArgumentException("weight decay must be >= 0: " + weightDecay);
        if (dl4j.getIterationCount() > 0) {
            throw new IllegalStateException("the network has already trained " + dl4j.getIterationCount()
                    + " iterations; its optimiser is restored from the checkpoint");
        }
        List<Regularization> decay = weightDecay > 0 ? List.of(new L2Regularization(weightDecay)) : List.of();
        for (Layer layer : dl4j.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer base) {
                base.setIUpdater(updater.clone());
                base.setBiasUpdater(updater.clone());
                base.setRegularization(new ArrayList<>(decay));
                base.setRegularizationBias(new ArrayList<>());
            }
        }
        dl4j.setUpdater(null); // rebuilt from the layer configurations at the first step
    }

    public Architecture architecture() {
        return architecture;
    }

    public String name() {
        return architecture.name();
    }

    /**
     * The DL4J network, for what this class does not wrap. Training it directly ({@code dl4j().fit(...)}) works, but
     * runs layer by layer in DL4J, slower than {@link #fit}.
     */
    public MultiLayerNetwork dl4j() {
        return dl4j;
    }

    public BackendInfo backend() {
        return backend;
    }

    /** Which engine trains and runs this network now, and why. */
    public Engine engine() {
        return engine;
    }

    /**
     * Times each layer of the following training steps; the Java engine only (else IllegalStateException).
     * Example: {@code LayerTimes t = net.timeLayers(); net.fit(x, y); System.out.print(t.table());}
     */
    public LayerTimes timeLayers() {
        if (javaNetwork == null) throw new IllegalStateException(name() + " trains on " + engine.describe());
        return javaNetwork.timeLayers();
    }

    /** The Java engine's network, or null on DL4J's; for tests. */
    JavaNetwork javaNetwork() {
        return javaNetwork;
    }

    public ModelSummary summary() {
        return architecture.summary();
    }

    /** Trainable parameters as PyTorch counts them (BatchNorm running mean and variance excluded). */
    public long trainableParameters() {
        return architecture.trainableParameters();
    }

    /**
     * One training step (forward, backward, optimiser update) on a batch: {@code images} {@code [n, 1, 28, 28]},
     * {@code labels} {@code [n, 10]} (one-hot, or smoothed). Returns the loss and what the network predicted for each
     * image before the update (which gives the training accuracy without a second pass). The listeners set on
     * {@link #dl4j()} are called as DL4J calls them. One that needs DL4J's own forward or backward pass moves the
     * network to DL4J's layers, with a message and the reason in {@link #engine()}, unless the Java engine was
     * required ({@link EngineChoice#JAVA_VECTOR}): then this fails.
     *
     * <p>Example: {@code TrainingStep step = net.fit(batch.getFeatures(), batch.getLabels());}
     */
    public TrainingStep fit(INDArray images, INDArray labels) {
        return fit(images, labels, Nd4j.getRandom());
    }

    /**
     * {@link #fit(INDArray, INDArray)} with the Java engine's dropout masks drawn from {@code dropout}, one draw per
     * step, so that a run seeds its own generator and nothing else that uses ND4J's can change its masks. DL4J's own
     * layers always draw from ND4J's generator.
     *
     * <p>Example: {@code net.fit(images, labels, Nd4j.getRandomFactory().getNewRandomInstance(7))}
     */
    public TrainingStep fit(INDArray images, INDArray labels, Random dropout) {
        int[] predictions = new int[Math.toIntExact(images.size(0))];
        if (javaNetwork != null) {
            String listener = JavaEngine.unsupportedListener(dl4j.getListeners());
            if (listener != null) leaveJavaEngine(listener);
        }
        if (javaNetwork != null) {
            double loss = javaNetwork.fit(images, labels, predictions, dropout);
            return new TrainingStep(loss, predictions);
        }
        recorder.into(predictions);
        List<TrainingListener> before = new ArrayList<>(dl4j.getListeners());
        List<TrainingListener> with = new ArrayList<>(before);
        with.add(recorder);
        dl4j.setListeners(with);
        try {
            dl4j.fit(new DataSet(images, labels));
        } finally {
            dl4j.setListeners(before);
        }
        return new TrainingStep(dl4j.score(), predictions);
    }

    private void leaveJavaEngine(String reason) {
        if (choice == EngineChoice.JAVA_VECTOR) {
            throw new IllegalStateException("the java-vector engine was required, but it cannot serve " + reason);
        }
        OneDnnLimits.requireComputable("DL4J's own layers (" + reason + ")", architecture, backend);
        javaNetwork = null;
        engine = Engine.dl4j(OWN_LAYERS, reason);
        System.err.println("mnistlab: " + name() + " now trains on " + engine.describe());
    }

    /**
     * Starts an epoch as {@code MultiLayerNetwork.fit(iterator)} does: each DL4J listener's {@code onEpochStart}.
     * The {@code Trainer} calls it; call it yourself when you write your own loop around {@link #fit}.
     */
    public void beginEpoch() {
        for (TrainingListener l : dl4j.getListeners()) l.onEpochStart(dl4j);
    }

    /** Ends an epoch as DL4J does: each listener's {@code onEpochEnd}, then the epoch is counted. */
    public void endEpoch() {
        for (TrainingListener l : dl4j.getListeners()) l.onEpochEnd(dl4j);
        dl4j.incrementEpochCount();
    }

    /** Class probabilities for a batch of images {@code [n, 1, 28, 28]} (inference mode: no dropout). */
    public INDArray output(INDArray images) {
        return javaNetwork != null ? javaNetwork.output(images) : dl4j.output(images, false);
    }

    /** The most probable class of each image. */
    public int[] predict(INDArray images) {
        return output(images).argMax(1).toIntVector();
    }

    /** Iterations (batches) trained so far. */
    public int iterations() {
        return dl4j.getIterationCount();
    }

    /** Epochs completed so far. */
    public int epochs() {
        return dl4j.getEpochCount();
    }

    /**
     * The same network with its weights (BatchNorm's running statistics included) and nothing of its training: a
     * fresh configuration without the optimiser's schedule or state. Saved, it is a small file for inference, e.g.
     * a committed model that notebooks evaluate; a training checkpoint's configuration spells out its whole
     * learning-rate schedule and is megabytes.
     *
     * <p>Example: {@code Network.load(best).weightsOnly().save(Path.of("final-model.zip"));}
     */
    public Network weightsOnly() {
        Network fresh = architecture.build(0, EngineChoice.fromEnvironment());
        fresh.dl4j.setParams(dl4j.params().dup());
        return fresh;
    }

    /**
     * Writes weights, optimiser state and the architecture to {@code file} atomically: a reader sees the old file or
     * the complete new one, never a partial write.
     */
    public void save(Path file) throws IOException {
        save(file, Map.of(), () -> { });
    }

    /**
     * {@link #save(Path)} with more entries in the same file ({@code name -> content}), e.g. a training run's state:
     * one atomic rename commits them all together. The file and its folder are flushed to disk before the call
     * returns, so that a crash, even of the machine, leaves the previous file or this one.
     *
     * @param beforeCommit runs when the new file is complete on disk, just before the rename that commits it (a
     *                     fault-injection test stops the JVM there)
     */
    public void save(Path file, Map<String, byte[]> attachments, Runnable beforeCommit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(attachments);
        entries.put(ENGINE_ENTRY, engine.describe().getBytes(StandardCharsets.UTF_8));
        NetworkFiles.save(dl4j, architecture, file, entries, beforeCommit);
    }

    /** An entry {@link #save(Path, Map, Runnable)} stored in {@code file}, or empty when it has none of that name. */
    public static Optional<byte[]> attachment(Path file, String name) throws IOException {
        return NetworkFiles.attachment(file, name);
    }

    /** Reads a network written by {@link #save(Path)}, optimiser state included, on this JVM's engine choice. */
    public static Network load(Path file) throws IOException {
        return load(file, EngineChoice.fromEnvironment());
    }

    /** Reads a network written by {@link #save(Path)}, optimiser state included, on the engine {@code choice} asks for. */
    public static Network load(Path file, EngineChoice choice) throws IOException {
        Architecture architecture = NetworkFiles.architecture(file);
        BackendInfo backend = Backend.prepare();
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        return new Network(architecture, net, backend, choice);
    }
}
