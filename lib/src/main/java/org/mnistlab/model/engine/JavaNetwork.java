package org.mnistlab.model.engine;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

/**
 * A DL4J {@link MultiLayerNetwork}'s whole training step and inference, computed on plain Java arrays by MNIST Lab's
 * vector kernels, while DL4J keeps the parameters, the optimiser (its updater, learning-rate schedule, L2) and the
 * saved files.
 *
 * <p>Why: with every convolution and BatchNorm on the vector kernels inside DL4J's layers, a training step of the
 * tutorial's 5-7k-parameter networks still spent about three quarters of its time outside them: ND4J pooling and
 * ReLU ops, copies between off-heap arrays and Java arrays at every layer, and DL4J's per-layer bookkeeping. Here
 * the batch goes through every layer on Java arrays that are reused from step to step; DL4J is called once per
 * step, for the update.
 *
 * <p>What a step does, as {@code MultiLayerNetwork.fit(DataSet)} does: forward pass in training mode, softmax
 * cross-entropy (with DL4J's clipping of probabilities), backward pass into DL4J's flat gradient vector (parameter
 * gradients summed over the batch; BatchNorm's running statistics as DL4J's "old minus new" updates), then DL4J's
 * own updater (division by the batch size, L2, momentum/Adam, schedule) and {@code params -= update}. Listeners
 * registered on the DL4J network are called as DL4J calls them after a step ({@code iterationDone}, with the score,
 * the batch's input and labels set); a listener that needs DL4J's forward or backward pass
 * ({@link JavaEngine#unsupportedListener}) is refused. DL4J's {@code gradient()} is not filled in: a listener that
 * reads gradients needs DL4J's own layers.
 *
 * <p>Which networks: those {@link JavaNetworkCompiler} compiles, every network the library's {@code Network} builds
 * among them; for anything else {@link #unsupportedReason} says why, and the network trains on DL4J's own code.
 *
 * <p>Determinism: as the kernels (see {@link VectorConv2d} and {@link Lanes}), results depend neither on the thread
 * count nor on the CPU's vector width; the softmax and the loss use {@code StrictMath}.
 *
 * <p>One thread at a time, like DL4J's networks: the arrays are reused from call to call.
 */
public final class JavaNetwork {

    /** Smallest slice {@link #output} computes at a time. */
    static final int INFERENCE_SLICE = 128;

    private final MultiLayerNetwork net;
    private final Dims input;
    private final List<JavaLayer> layers;
    private final int classes;
    private final double clipEps;
    private final boolean random;
    private final int paramCount;
    private float[] params;
    private float[] grads;
    private int capacity; // samples the activation arrays hold; they grow, never shrink
    private float[][] acts;
    private float[][] deltas; // allocated at the first training step: inference needs none
    private float[] labels;
    private JavaOptimizer optimizer; // null: DL4J's updater does the update
    private Updater optimizerChecked; // the DL4J updater 'optimizer' was made for
    private LayerTimes times; // null: steps are not timed

    JavaNetwork(MultiLayerNetwork net, Dims input, List<JavaLayer> layers, double clipEps) {
        this.net = net;
        this.input = input;
        this.layers = List.copyOf(layers);
        this.classes = layers.get(layers.size() - 1).out.size();
        this.clipEps = clipEps;
        this.random = layers.stream().anyMatch(JavaLayer::random);
        this.paramCount = Math.toIntExact(net.numParams());
    }

    /**
     * Compiles {@code net} (initialised; its input {@code channels x height x width}, NCHW) for the Java engine.
     *
     * @throws IllegalArgumentException with the reason when the network has a layer the engine does not compute
     *                                  ({@link JavaNetworkCompiler} lists those it does)
     */
    static JavaNetwork compile(MultiLayerNetwork net, int channels, int height, int width, WorkerPool parallel) {
        return JavaNetworkCompiler.compile(net, channels, height, width, parallel);
    }

    /** Why {@code net} cannot run on the Java engine, or {@code null} when it can. */
    public static String unsupportedReason(MultiLayerNetwork net, int channels, int height, int width) {
        try {
            compile(net, channels, height, width, WorkerPool.SERIAL);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    // ------------------------------------------------------------------------------------------------ steps

    /**
     * One training step on {@code features} ({@code [n, channels, height, width]} or {@code [n, channels * height *
     * width]}) and {@code labels} ({@code [n, classes]}, one-hot or smoothed). Writes each sample's predicted class
     * (from this forward pass, before the update) into {@code predictions} when it is not null, and returns the
     * loss as DL4J reports it: mean cross-entropy plus the L2 penalty. Then, as DL4J does, calls each listener's
     * {@code iterationDone} and counts the iteration.
     *
     * @throws IllegalStateException when a listener needs DL4J's own forward or backward pass
     */
    public double fit(INDArray features, INDArray labels, int[] predictions, Random dropout) {
        String listener = JavaEngine.unsupportedListener(net.getListeners());
        if (listener != null) throw new IllegalStateException("the java-vector engine cannot serve " + listener);
        int n = samples(features);
        if (labels.size(0) != n || labels.size(1) != classes) {
            throw new IllegalArgumentException("labels " + Arrays.toString(labels.shape()) + " for " + n
                    + " samples of " + classes + " classes");
        }
        ensureCapacity(n, true);
        loadParameters();
        NdArrays.readInto(features.castTo(DataType.FLOAT), acts[0]);
        this.labels = NdArrays.read(labels.castTo(DataType.FLOAT), this.labels);
        // One draw per step seeds every dropout mask of the step: the caller's generator fixes them all.
        long seed = random ? dropout.nextLong() : 0L;
        long t = times == null ? 0L : System.nanoTime();
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).forward(acts[l], acts[l + 1], n, true, seed);
            if (times != null) times.forward(l, -t + (t = System.nanoTime()));
        }

        float[] scores = acts[layers.size()];
        float[] delta = deltas[layers.size()];
        double loss = softmaxCrossEntropy(scores, this.labels, n, delta, predictions);
        long lossNanos = times == null ? 0L : -t + (t = System.nanoTime());

        Arrays.fill(grads, 0f);
        for (int l = layers.size() - 1; l >= 0; l--) {
            layers.get(l).backward(acts[l], acts[l + 1], deltas[l + 1], l == 0 ? null : deltas[l], n, grads);
            if (times != null) times.backward(l, -t + (t = System.nanoTime()));
        }
        // As DL4J: the score counts the L2 penalty of the weights the gradients were computed with.
        double score = loss + net.calcRegularizationScore(true);
        net.setScore(score);
        update(n);
        if (times != null) times.lossAndUpdate(lossNanos, System.nanoTime() - t);
        int iteration = net.getIterationCount();
        if (!net.getListeners().isEmpty()) { // what DL4J's listeners read of the step (PerformanceListener: the batch)
            net.setInput(features);
            net.setLabels(labels);
        }
        for (TrainingListener l : net.getListeners()) l.iterationDone(net, iteration, net.getEpochCount());
        net.setIterationCount(iteration + 1);
        return score;
    }

    /**
     * Class probabilities {@code [n, classes]} in inference mode (running BatchNorm statistics, no dropout), computed
     * in slices the size of a training batch (at least {@value #INFERENCE_SLICE}), so that evaluating 10,000 images at
     * once needs no larger arrays than training does.
     */
    public INDArray output(INDArray features) {
        int n = samples(features);
        float[] all = NdArrays.read(features.castTo(DataType.FLOAT));
        int slice = Math.max(capacity, INFERENCE_SLICE);
        ensureCapacity(Math.min(n, slice), false);
        loadParameters();
        float[] probabilities = new float[n * classes];
        float[] scores = acts[layers.size()];
        for (int start = 0; start < n; start += slice) {
            int m = Math.min(slice, n - start);
            System.arraycopy(all, start * input.size(), acts[0], 0, m * input.size());
            for (int l = 0; l < layers.size(); l++) layers.get(l).forward(acts[l], acts[l + 1], m, false, 0L);
            for (int s = 0; s < m; s++) {
                softmax(scores, s * classes, classes, probabilities, (start + s) * classes);
            }
        }
        return Nd4j.create(probabilities, new long[] {n, classes}, 'c');
    }

    /**
     * Starts timing every layer of each following training step, and returns the record the steps add to (a new one
     * at each call). For the bench: the clock calls cost a few microseconds per step.
     */
    public LayerTimes timeLayers() {
        times = new LayerTimes(layers.stream().map(JavaLayer::toString).toList());
        return times;
    }

    /**
     * Whether the last training step's optimiser update ran in the engine's {@link JavaOptimizer} (SGD, Nesterov,
     * Adam, L2) rather than in DL4J's updater; false before the first step.
     */
    public boolean usesJavaOptimizer() {
        return optimizer != null;
    }

    /** Samples in {@code features}, checked against the input shape. */
    private int samples(INDArray features) {
        long n = features.size(0);
        if (n < 1 || features.length() != n * input.size()) {
            throw new IllegalArgumentException("input " + Arrays.toString(features.shape())
                    + " does not hold samples of " + input);
        }
        return Math.toIntExact(n);
    }

    /** Activation arrays for at least {@code n} samples (and their gradients when {@code training}). */
    private void ensureCapacity(int n, boolean training) {
        if (n > capacity) {
            capacity = n;
            acts = new float[layers.size() + 1][];
            acts[0] = new float[capacity * input.size()];
            for (int l = 0; l < layers.size(); l++) acts[l + 1] = new float[capacity * layers.get(l).out.size()];
            deltas = null;
        }
        if (training && deltas == null) {
            // Two arrays in turn: a layer's output gradient and its input gradient are never the same array, and the
            // backward pass touches half the memory it would with one array per layer (the larger layers' activations
            // and gradients no longer fit the CPU's caches, and then memory, not arithmetic, sets the pace).
            int largest = layers.stream().mapToInt(layer -> layer.out.size()).max().orElse(0);
            float[][] pair = {new float[capacity * largest], new float[capacity * largest]};
            deltas = new float[layers.size() + 1][];
            for (int l = 1; l <= layers.size(); l++) deltas[l] = pair[l % 2];
        }
    }

    /** DL4J's current parameters, into every layer; once per step (the user may have changed them in between). */
    private void loadParameters() {
        params = NdArrays.read(net.params(), params);
        if (params.length != paramCount) throw new IllegalStateException("the network's parameters changed size");
        if (grads == null) grads = new float[paramCount];
        for (JavaLayer layer : layers) layer.load(params);
    }

    /** Mean loss over the batch; {@code delta = softmax - labels} per sample (DL4J's gradient, not yet averaged). */
    private double softmaxCrossEntropy(float[] scores, float[] labels, int n, float[] delta, int[] predictions) {
        double total = 0;
        for (int s = 0; s < n; s++) {
            int o = s * classes;
            softmax(scores, o, classes, delta, o);
            int best = 0;
            for (int k = 0; k < classes; k++) {
                double p = Math.min(Math.max(delta[o + k], clipEps), 1 - clipEps);
                total -= labels[o + k] * StrictMath.log(p);
                if (scores[o + k] > scores[o + best]) best = k;
                delta[o + k] -= labels[o + k];
            }
            if (predictions != null) predictions[s] = best;
        }
        return total / n;
    }

    /** StrictMath, not Math: Math.exp may run a JIT intrinsic chosen by the CPU; StrictMath gives the same bits. */
    private static void softmax(float[] scores, int offset, int classes, float[] into, int intoOffset) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) max = Math.max(max, scores[offset + k]);
        double sum = 0;
        for (int k = 0; k < classes; k++) sum += StrictMath.exp(scores[offset + k] - max);
        for (int k = 0; k < classes; k++) {
            into[intoOffset + k] = (float) (StrictMath.exp(scores[offset + k] - max) / sum);
        }
    }

    /**
     * The optimiser's half of the step, as DL4J's StochasticGradientDescent does it: on Java arrays by {@link
     * JavaOptimizer} when it handles the updater, else by DL4J's updater on the flat gradient.
     */
    private void update(int n) {
        int iteration = net.getIterationCount();
        Updater current = net.getUpdater(true);
        if (current != optimizerChecked) { // a new DL4J updater: after configureOptimizer, or the first step
            optimizerChecked = current;
            try {
                optimizer = JavaOptimizer.of(net);
            } catch (IllegalArgumentException e) {
                optimizer = null;
            }
        }
        if (optimizer != null) {
            optimizer.step(params, grads, n, iteration, net.getEpochCount());
            NdArrays.write(params, net.params());
        } else {
            if (net.getGradientsViewArray() == null) net.initGradientsView();
            INDArray gradient = net.getGradientsViewArray();
            NdArrays.write(grads, gradient);
            net.getUpdater().update(net, new DefaultGradient(gradient), iteration, net.getEpochCount(), n,
                    LayerWorkspaceMgr.noWorkspaces());
            INDArray params = net.params();
            params.subi(gradient.reshape(params.shape()));
        }
    }
}
