package org.mnistlab.model.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
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
 * <p>Which networks: sequences of stride-1 convolutions (truncate mode, NCHW, square kernel and padding, identity or
 * ReLU), BatchNorm, ReLU, dropout layers, max pooling with stride = window, global average pooling, dense layers, and
 * a softmax cross-entropy output or loss layer: every network the library's {@code Network} builds, trained by
 * stochastic gradient descent. For anything else (another layer, weight noise, constraints, another optimisation
 * algorithm) {@link #unsupportedReason} says why, and the network trains on DL4J's own code.
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

    private JavaNetwork(MultiLayerNetwork net, Dims input, List<JavaLayer> layers, double clipEps) {
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
     * @throws IllegalArgumentException with the reason when the network has a layer this class does not compute
     */
    static JavaNetwork compile(MultiLayerNetwork net, int channels, int height, int width, WorkerPool parallel) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (conf.getBackpropType() != BackpropType.Standard) {
            throw unsupported("the network", "backpropagation " + conf.getBackpropType());
        }
        int[][] slots = paramSlots(net);
        List<JavaLayer> layers = new ArrayList<>();
        Dims shape = new Dims(channels, height, width);
        double clipEps = Double.NaN;
        Layer[] dl4jLayers = net.getLayers();
        for (int i = 0; i < dl4jLayers.length; i++) {
            org.deeplearning4j.nn.conf.layers.Layer c = conf.getConf(i).getLayer();
            String name = "layer " + i + " (" + c.getClass().getSimpleName() + ")";
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) {
                if (!(pre instanceof CnnToFeedForwardPreProcessor flatten)
                        || flatten.getFormat() != CNN2DFormat.NCHW) {
                    throw unsupported(name, "input preprocessor " + pre.getClass().getSimpleName());
                }
                shape = Dims.flat(shape.size()); // NCHW, row-major: flattening moves no data
            }
            if (c.getIDropout() != null && !(c instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer)) {
                throw unsupported(name, "dropout on a layer's input");
            }
            OptimizationAlgorithm algorithm = conf.getConf(i).getOptimizationAlgo();
            if (algorithm != null && algorithm != OptimizationAlgorithm.STOCHASTIC_GRADIENT_DESCENT) {
                throw unsupported(name, "optimisation algorithm " + algorithm);
            }
            if (c instanceof BaseLayer base && base.getWeightNoise() != null) {
                throw unsupported(name, "weight noise " + base.getWeightNoise().getClass().getSimpleName());
            }
            if (c.getConstraints() != null && !c.getConstraints().isEmpty()) {
                throw unsupported(name, "constraints " + c.getConstraints().stream()
                        .map(x -> x.getClass().getSimpleName()).toList());
            }
            Layer layer = dl4jLayers[i];
            JavaLayer compiled;
            if (c instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class) {
                int[] k = conv.getKernelSize(), s = conv.getStride(), p = conv.getPadding(), d = conv.getDilation();
                if (k[0] != k[1] || s[0] != 1 || s[1] != 1 || p[0] != p[1] || d[0] != 1 || d[1] != 1
                        || conv.getConvolutionMode() == ConvolutionMode.Same
                        || conv.getConvolutionMode() == ConvolutionMode.Causal
                        || conv.getCnn2dDataFormat() != CNN2DFormat.NCHW || shape.channels() != conv.getNIn()) {
                    throw unsupported(name, "a convolution other than stride 1, square, NCHW, truncate mode");
                }
                compiled = new ConvLayer(name, shape, (int) conv.getNOut(), k[0], p[0], relu(name, conv), slot(layer, i,
                        slots, DefaultParamInitializer.WEIGHT_KEY), conv.hasBias() ? slot(layer, i, slots,
                        DefaultParamInitializer.BIAS_KEY) : null, parallel);
            } else if (c instanceof BatchNormalization bn) {
                if (bn.isLockGammaBeta()) throw unsupported(name, "fixed gamma and beta");
                boolean relu = i + 1 < dl4jLayers.length && conf.getInputPreProcess(i + 1) == null
                        && conf.getConf(i + 1).getLayer() instanceof ActivationLayer next
                        && next.getActivationFn() instanceof ActivationReLU && next.getIDropout() == null;
                if (relu) name += " + ReLU";
                compiled = new BatchNormLayer(name, shape, bn.getEps(), bn.getDecay(), bn.isUseLogStd(), relu,
                        slot(layer, i, slots, BatchNormalizationParamInitializer.GAMMA),
                        slot(layer, i, slots, BatchNormalizationParamInitializer.BETA),
                        slot(layer, i, slots, BatchNormalizationParamInitializer.GLOBAL_MEAN),
                        slot(layer, i, slots, bn.isUseLogStd() ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                                : BatchNormalizationParamInitializer.GLOBAL_VAR), parallel);
                if (relu) i++; // the ReLU layer is done
            } else if (c instanceof ActivationLayer act) {
                if (!(act.getActivationFn() instanceof ActivationReLU)) {
                    throw unsupported(name, "activation " + act.getActivationFn());
                }
                compiled = new ReluLayer(name, shape, parallel);
            } else if (c instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer drop) {
                if (!(drop.getIDropout() instanceof Dropout d) || d.getPSchedule() != null) {
                    throw unsupported(name, "dropout other than plain inverted dropout");
                }
                compiled = new DropoutLayer(name, shape, d.getP(), parallel);
            } else if (c instanceof SubsamplingLayer pool && pool.getClass() == SubsamplingLayer.class) {
                int[] k = pool.getKernelSize(), s = pool.getStride(), p = pool.getPadding(), d = pool.getDilation();
                if (pool.getPoolingType() != PoolingType.MAX || k[0] != k[1] || s[0] != k[0] || s[1] != k[1]
                        || p[0] != 0 || p[1] != 0 || d[0] != 1 || d[1] != 1
                        || pool.getConvolutionMode() != ConvolutionMode.Truncate
                        || pool.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                    throw unsupported(name, "pooling other than max with stride = window, no padding");
                }
                compiled = new MaxPoolLayer(name, shape, k[0], parallel);
            } else if (c instanceof GlobalPoolingLayer gp) {
                if (gp.getPoolingType() != PoolingType.AVG || !gp.isCollapseDimensions()) {
                    throw unsupported(name, "global pooling other than average");
                }
                compiled = new GlobalAvgPoolLayer(name, shape);
            } else if (c instanceof OutputLayer || c.getClass() == org.deeplearning4j.nn.conf.layers.DenseLayer.class) {
                FeedForwardLayer dense = (FeedForwardLayer) c;
                boolean output = c instanceof OutputLayer;
                boolean hasBias = output ? ((OutputLayer) c).hasBias()
                        : ((org.deeplearning4j.nn.conf.layers.DenseLayer) c).hasBias();
                if (shape.height() != 1 || shape.width() != 1 || dense.getNIn() != shape.channels()) {
                    throw unsupported(name, "dense layer on a " + shape + " input");
                }
                boolean relu = !output && relu(name, dense);
                compiled = new DenseLayer(name, shape, (int) dense.getNOut(), relu,
                        slot(layer, i, slots, DefaultParamInitializer.WEIGHT_KEY),
                        hasBias ? slot(layer, i, slots, DefaultParamInitializer.BIAS_KEY) : null);
                if (output) clipEps = softmaxCrossEntropy(name, (BaseOutputLayer) c, i, dl4jLayers.length);
            } else if (c instanceof LossLayer loss) {
                if (shape.height() != 1 || shape.width() != 1) throw unsupported(name, "loss on a " + shape + " input");
                clipEps = softmaxCrossEntropy(name, loss.getLossFn(), loss.getActivationFn(), i, dl4jLayers.length);
                continue;
            } else {
                throw unsupported(name, "no java-vector version of this layer");
            }
            layers.add(compiled);
            shape = compiled.out;
        }
        if (Double.isNaN(clipEps)) throw unsupported("the network", "no softmax cross-entropy output");
        return new JavaNetwork(net, new Dims(channels, height, width), layers, clipEps);
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
    public double fit(INDArray features, INDArray labels, int[] predictions) {
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
        // Dropout draws from ND4J's generator, so seeding it (as the trainer does every epoch) fixes the masks.
        long seed = random ? Nd4j.getRandom().nextLong() : 0L;
        for (int l = 0; l < layers.size(); l++) layers.get(l).forward(acts[l], acts[l + 1], n, true, seed);

        float[] scores = acts[layers.size()];
        float[] delta = deltas[layers.size()];
        double loss = softmaxCrossEntropy(scores, this.labels, n, delta, predictions);

        Arrays.fill(grads, 0f);
        for (int l = layers.size() - 1; l >= 0; l--) {
            layers.get(l).backward(acts[l], acts[l + 1], deltas[l + 1], l == 0 ? null : deltas[l], n, grads);
        }
        // As DL4J: the score counts the L2 penalty of the weights the gradients were computed with.
        double score = loss + net.calcRegularizationScore(true);
        net.setScore(score);
        update(n);
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
            deltas = new float[layers.size() + 1][];
            for (int l = 0; l < layers.size(); l++) deltas[l + 1] = new float[capacity * layers.get(l).out.size()];
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

    // ------------------------------------------------------------------------------------------------ compiling

    private static boolean relu(String name, BaseLayer layer) {
        IActivation a = layer.getActivationFn();
        if (a instanceof ActivationReLU) return true;
        if (a instanceof ActivationIdentity) return false;
        throw unsupported(name, "activation " + a);
    }

    private static double softmaxCrossEntropy(String name, BaseOutputLayer out, int index, int count) {
        return softmaxCrossEntropy(name, out.getLossFn(), out.getActivationFn(), index, count);
    }

    private static double softmaxCrossEntropy(String name, ILossFunction loss, IActivation activation, int index,
                                              int count) {
        if (index != count - 1) throw unsupported(name, "an output layer before the last layer");
        if (!(loss instanceof LossMCXENT mcxent) || mcxent.getWeights() != null
                || !(activation instanceof ActivationSoftmax)) {
            throw unsupported(name, "output other than softmax with unweighted cross-entropy");
        }
        return mcxent.getSoftmaxClipEps();
    }

    private static IllegalArgumentException unsupported(String where, String what) {
        return new IllegalArgumentException(where + ": " + what);
    }

    /**
     * Where every parameter element sits in the flat parameter vector, measured: the vector is filled with
     * 0, 1, 2, ... (exact in float up to 2^24), each layer's parameter views are read, and the vector is restored.
     */
    private static int[][] paramSlots(MultiLayerNetwork net) {
        INDArray flat = net.params();
        if (flat.length() >= 1 << 24) throw unsupported("the network", "more than 2^24 parameters");
        INDArray saved = flat.dup();
        try {
            flat.assign(Nd4j.arange(flat.length()).castTo(flat.dataType()).reshape(flat.shape()));
            Layer[] layers = net.getLayers();
            int[][] all = new int[layers.length][];
            // Per layer: the indices of its parameters in paramTable order, concatenated; slot() slices them.
            for (int i = 0; i < layers.length; i++) {
                List<Integer> indices = new ArrayList<>();
                for (INDArray view : layers[i].paramTable().values()) {
                    for (float v : view.dup('c').data().asFloat()) indices.add((int) v);
                }
                all[i] = indices.stream().mapToInt(Integer::intValue).toArray();
            }
            return all;
        } finally {
            flat.assign(saved);
        }
    }

    private static ParamSlot slot(Layer layer, int index, int[][] slots, String key) {
        int start = 0;
        for (var e : layer.paramTable().entrySet()) {
            int length = Math.toIntExact(e.getValue().length());
            if (e.getKey().equals(key)) {
                return new ParamSlot(key, Arrays.copyOfRange(slots[index], start, start + length));
            }
            start += length;
        }
        throw unsupported("layer " + index, "no parameter '" + key + "'");
    }
}
