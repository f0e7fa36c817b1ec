package org.mnistlab.model.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.OptimizationAlgorithm;
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
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.params.DepthwiseConvolutionParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a DL4J {@link MultiLayerNetwork} into a {@link JavaNetwork}: one {@link JavaLayer} per DL4J layer, each reading
 * and writing its parameters in DL4J's flat vector. It is the one catalogue of what the Java engine computes.
 *
 * <p>Which networks: sequences of stride-1 convolutions (truncate mode, NCHW, square kernel and padding, identity or
 * ReLU), depthwise convolutions like them (depth multiplier 1), BatchNorm, ReLU, dropout layers, max pooling with
 * stride = window, global average pooling, dense layers, and a softmax cross-entropy output or loss layer: every
 * network the library's {@code Network} builds, trained by stochastic gradient descent. For anything else (another
 * layer, weight noise, constraints, another optimisation algorithm) {@link #compile} throws with the reason
 * ({@link JavaNetwork#unsupportedReason} returns it), and the network trains on DL4J's own code.
 */
final class JavaNetworkCompiler {

    private JavaNetworkCompiler() {
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
            } else if (c instanceof DepthwiseConvolution2D dw) {
                int[] k = dw.getKernelSize(), s = dw.getStride(), p = dw.getPadding(), d = dw.getDilation();
                if (dw.getDepthMultiplier() != 1 || k[0] != k[1] || s[0] != 1 || s[1] != 1 || p[0] != p[1]
                        || d[0] != d[1] || p[0] > d[0] * (k[0] - 1) || dw.getConvolutionMode() == ConvolutionMode.Same
                        || dw.getConvolutionMode() == ConvolutionMode.Causal
                        || dw.getCnn2dDataFormat() != CNN2DFormat.NCHW || shape.channels() != dw.getNIn()) {
                    throw unsupported(name, "a depthwise convolution other than depth multiplier 1, stride 1, "
                            + "square, equal dilations, padding within the kernel's span, NCHW, truncate mode");
                }
                compiled = new DepthwiseConvLayer(name, shape, k[0], p[0], d[0], relu(name, dw),
                        slot(layer, i, slots, DepthwiseConvolutionParamInitializer.WEIGHT_KEY),
                        dw.hasBias() ? slot(layer, i, slots, DepthwiseConvolutionParamInitializer.BIAS_KEY) : null,
                        parallel);
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
