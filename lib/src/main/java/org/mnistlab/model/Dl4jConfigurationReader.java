package org.mnistlab.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a DL4J {@link MultiLayerConfiguration} back into an {@link Architecture}: the inverse of
 * {@code Network.configure}, for the layers and settings an architecture can say. Everything else is refused with
 * the layer's index and what it has, rather than described wrongly.
 */
final class Dl4jConfigurationReader {

    private Dl4jConfigurationReader() {
    }

    static Architecture read(String name, MultiLayerConfiguration conf, int channels, int height, int width) {
        List<LayerSpec> specs = new ArrayList<>();
        int count = conf.getConfs().size();
        int classes = -1;
        ActivationShape shape = ActivationShape.input(channels, height, width);
        List<ActivationShape> outputs = new ArrayList<>(); // the shape after each spec
        for (int i = 0; i < count; i++) {
            Layer c = conf.getConf(i).getLayer();
            String where = "layer " + i + " (" + c.getClass().getSimpleName() + ")";
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre instanceof CnnToFeedForwardPreProcessor flatten) {
                if (shape.flat() || flatten.getFormat() != CNN2DFormat.NCHW) {
                    throw new IllegalArgumentException(where + ": flattening a " + shape + " input in "
                            + flatten.getFormat() + " order has no Architecture equivalent");
                }
                specs.add(new LayerSpec.Flatten());
                shape = shape.after(name, specs.get(specs.size() - 1));
                outputs.add(shape);
            } else if (pre != null) {
                throw new IllegalArgumentException(where + ": input preprocessor " + pre.getClass().getSimpleName()
                        + " (set the input type with InputType.convolutional(28, 28, 1))");
            }
            if (c.getIDropout() != null && !(c instanceof DropoutLayer)) {
                throw new IllegalArgumentException(where + ": dropout on a layer's input (an Architecture has "
                        + "dropout as a layer of its own: DropoutLayer)");
            }
            if (c instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer ff && ff.getNIn() > 0
                    && ff.getNIn() != shape.channels() && !(c instanceof BatchNormalization)) {
                throw new IllegalArgumentException(where + ": " + ff.getNIn() + " inputs, but the layer before gives "
                        + shape.channels() + " (the input is " + channels + "x" + height + "x" + width + ")");
            }
            boolean last = i == count - 1;
            int before = specs.size();
            if (c.getClass() == ConvolutionLayer.class) {
                ConvolutionLayer conv = (ConvolutionLayer) c;
                int[] k = conv.getKernelSize(), s = conv.getStride(), p = conv.getPadding(), d = conv.getDilation();
                if (k[0] != k[1] || s[0] != 1 || s[1] != 1 || p[0] != p[1] || d[0] != 1 || d[1] != 1
                        || conv.getConvolutionMode() == ConvolutionMode.Same
                        || conv.getConvolutionMode() == ConvolutionMode.Causal
                        || conv.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                    throw new IllegalArgumentException(where + ": only square, stride-1, NCHW convolutions in "
                            + "truncate mode have an Architecture equivalent");
                }
                specs.add(new LayerSpec.Conv((int) conv.getNOut(), k[0], p[0], conv.hasBias()));
                addActivation(specs, where, conv);
            } else if (c instanceof DepthwiseConvolution2D dw) {
                int[] k = dw.getKernelSize(), s = dw.getStride(), p = dw.getPadding(), d = dw.getDilation();
                if (dw.getDepthMultiplier() != 1 || k[0] != k[1] || s[0] != 1 || s[1] != 1 || p[0] != p[1]
                        || d[0] != d[1] || dw.getConvolutionMode() == ConvolutionMode.Same
                        || dw.getConvolutionMode() == ConvolutionMode.Causal
                        || dw.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                    throw new IllegalArgumentException(where + ": only square, stride-1, NCHW depthwise convolutions "
                            + "with depth multiplier 1 and equal dilations in truncate mode have an Architecture "
                            + "equivalent");
                }
                try {
                    specs.add(new LayerSpec.DepthwiseConv(k[0], p[0], dw.hasBias(), d[0]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
                addActivation(specs, where, dw);
            } else if (c instanceof BatchNormalization bn) {
                if (bn.isLockGammaBeta() || bn.getEps() != 1e-5 || bn.isUseLogStd() != new BatchNormalization.Builder()
                        .build().isUseLogStd()) {
                    throw new IllegalArgumentException(where + ": only BatchNorm with eps 1e-5 and learned gamma "
                            + "and beta (PyTorch's BatchNorm2d) has an Architecture equivalent");
                }
                // DL4J's decay is PyTorch's 1 - momentum; rounded, so that 1 - 0.9 reads back as 0.1.
                specs.add(new LayerSpec.BatchNorm(Math.round((1 - bn.getDecay()) * 1e9) / 1e9));
            } else if (c instanceof ActivationLayer act) {
                if (!(act.getActivationFn() instanceof ActivationReLU)) {
                    throw new IllegalArgumentException(where + ": activation " + act.getActivationFn());
                }
                specs.add(new LayerSpec.Relu());
            } else if (c instanceof DropoutLayer drop) {
                if (!(drop.getIDropout() instanceof Dropout d) || d.getPSchedule() != null) {
                    throw new IllegalArgumentException(where + ": dropout other than plain inverted dropout");
                }
                // DL4J's argument is the probability of keeping an activation.
                specs.add(new LayerSpec.Dropout(Math.round((1 - d.getP()) * 1e9) / 1e9));
            } else if (c.getClass() == SubsamplingLayer.class) {
                SubsamplingLayer pool = (SubsamplingLayer) c;
                int[] k = pool.getKernelSize(), s = pool.getStride(), p = pool.getPadding(), d = pool.getDilation();
                if (pool.getPoolingType() != PoolingType.MAX || k[0] != k[1] || s[0] != k[0] || s[1] != k[1]
                        || p[0] != 0 || p[1] != 0 || d[0] != 1 || d[1] != 1
                        || pool.getConvolutionMode() != ConvolutionMode.Truncate
                        || pool.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                    throw new IllegalArgumentException(where + ": only max pooling with stride = window and no "
                            + "padding has an Architecture equivalent");
                }
                specs.add(new LayerSpec.MaxPool(k[0]));
            } else if (c instanceof GlobalPoolingLayer gp) {
                if (gp.getPoolingType() != PoolingType.AVG || !gp.isCollapseDimensions()) {
                    throw new IllegalArgumentException(where + ": global pooling other than average to a vector");
                }
                specs.add(new LayerSpec.GlobalAvgPool());
            } else if (c instanceof OutputLayer out) {
                if (!last) throw new IllegalArgumentException(where + ": an output layer before the last layer");
                requireSoftmaxCrossEntropy(where, out.getLossFn(), out.getActivationFn());
                specs.add(new LayerSpec.Dense((int) out.getNOut(), out.hasBias()));
                classes = (int) out.getNOut();
            } else if (c.getClass() == DenseLayer.class) {
                DenseLayer dense = (DenseLayer) c;
                specs.add(new LayerSpec.Dense((int) dense.getNOut(), dense.hasBias()));
                addActivation(specs, where, dense);
            } else if (c instanceof LossLayer loss) {
                if (!last) throw new IllegalArgumentException(where + ": a loss layer before the last layer");
                requireSoftmaxCrossEntropy(where, loss.getLossFn(), loss.getActivationFn());
            } else {
                throw new IllegalArgumentException(where + ": no Architecture equivalent of this layer");
            }
            for (LayerSpec added : specs.subList(before, specs.size())) {
                shape = shape.after(name, added);
                outputs.add(shape);
            }
        }
        Layer lastLayer = conf.getConf(count - 1).getLayer();
        if (!(lastLayer instanceof OutputLayer || lastLayer instanceof LossLayer)) {
            throw new IllegalArgumentException("the network must end with a softmax cross-entropy OutputLayer or "
                    + "LossLayer");
        }
        if (classes < 0) classes = withoutTrailingPool(specs, outputs);
        return new Architecture(name, channels, height, width, classes, specs);
    }

    /**
     * The class count of a network ending in a loss layer, after removing the global average pool that
     * {@code Network.configure} adds by itself when the last layer leaves a 1x1 map, so that reading back what it
     * configured gives the architecture it was configured from.
     */
    private static int withoutTrailingPool(List<LayerSpec> specs, List<ActivationShape> outputs) {
        if (specs.isEmpty()) throw new IllegalArgumentException("the network has no layers before its loss");
        int last = specs.size() - 1;
        if (specs.get(last) instanceof LayerSpec.GlobalAvgPool && last > 0) {
            ActivationShape before = outputs.get(last - 1);
            if (!before.flat() && before.height() == 1 && before.width() == 1) {
                specs.remove(last);
                return before.channels();
            }
        }
        return outputs.get(last).channels();
    }

    private static void addActivation(List<LayerSpec> specs, String where, BaseLayer layer) {
        IActivation a = layer.getActivationFn();
        if (a instanceof ActivationReLU) {
            specs.add(new LayerSpec.Relu());
        } else if (!(a instanceof ActivationIdentity)) {
            throw new IllegalArgumentException(where + ": activation " + a + " (ReLU or identity only)");
        }
    }

    private static void requireSoftmaxCrossEntropy(String where, ILossFunction loss, IActivation activation) {
        if (!(loss instanceof LossMCXENT mcxent) || mcxent.getWeights() != null
                || !(activation instanceof ActivationSoftmax)) {
            throw new IllegalArgumentException(where + ": output other than softmax with unweighted cross-entropy");
        }
    }
}
