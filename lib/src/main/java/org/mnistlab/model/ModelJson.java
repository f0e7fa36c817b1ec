package org.mnistlab.model;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A trained network as JSON for evaluation outside the JVM (the drawing pad evaluates it in the browser): the
 * layers in order, each with what inference needs. BatchNorm is folded into one scale and shift per channel, from
 * its running statistics exactly as the Java engine evaluates it; dropout is left out (it does nothing in
 * evaluation). A layer it cannot describe is refused by name. Numbers are float32, little-endian, in base64 (a third
 * of the text of decimal digits, and exact), so a notebook that embeds a model stays small.
 *
 * <p>Example: {@code String json = ModelJson.of(network);} ({@code {"input":[1,28,28],"layers":[{"op":"conv",...}]}})
 */
public final class ModelJson {

    private ModelJson() {
    }

    /**
     * The network's inference, as JSON: {@code {"input":[c,h,w],"layers":[...]}}, each array of numbers a base64
     * string of little-endian float32.
     */
    public static String of(Network network) {
        Architecture a = network.architecture();
        MultiLayerNetwork net = network.dl4j();
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("{\"input\":[").append(a.inChannels()).append(',').append(a.height()).append(',').append(a.width())
                .append("],\"layers\":[");
        List<String> layers = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer conf = net.getLayer(i).conf().getLayer();
            String where = "layer " + i + " (" + conf.getClass().getSimpleName() + ")";
            if (conf instanceof DepthwiseConvolution2D dw) {
                layers.add(depthwiseAsConv(where, net.getLayer(i), dw));
                activation(where, dw.getActivationFn(), layers);
            } else if (conf instanceof ConvolutionLayer conv) {
                if (conv.getStride()[0] != 1 || conv.getStride()[1] != 1 || conv.getKernelSize()[0] != conv.getKernelSize()[1]
                        || conv.getPadding()[0] != conv.getPadding()[1]) {
                    throw new IllegalArgumentException(where + ": only square kernels, stride 1, equal padding");
                }
                INDArray w = net.getLayer(i).getParam("W");
                INDArray b = conv.hasBias() ? net.getLayer(i).getParam("b") : null;
                layers.add(String.format(Locale.ROOT, "{\"op\":\"conv\",\"in\":%d,\"out\":%d,\"k\":%d,\"pad\":%d,"
                                + "\"w\":%s,\"b\":%s}", conv.getNIn(), conv.getNOut(), conv.getKernelSize()[0],
                        conv.getPadding()[0], floats(w), b == null ? "null" : floats(b)));
                activation(where, conv.getActivationFn(), layers);
            } else if (conf instanceof BatchNormalization bn) {
                layers.add(batchNorm(net.getLayer(i), bn)); // DL4J ignores an activation set on BatchNorm
            } else if (conf instanceof ActivationLayer act) {
                activation(where, act.getActivationFn(), layers);
            } else if (conf instanceof SubsamplingLayer pool) {
                if (pool.getPoolingType() != PoolingType.MAX || pool.getKernelSize()[0] != pool.getStride()[0]
                        || pool.getKernelSize()[0] != pool.getKernelSize()[1]) {
                    throw new IllegalArgumentException(where + ": only square max-pooling with stride = size");
                }
                layers.add("{\"op\":\"maxpool\",\"size\":" + pool.getKernelSize()[0] + "}");
            } else if (conf instanceof GlobalPoolingLayer gp) {
                if (gp.getPoolingType() != PoolingType.AVG) throw new IllegalArgumentException(where + ": only average");
                layers.add("{\"op\":\"gap\"}");
            } else if (conf instanceof LossLayer loss) {
                activation(where, loss.getActivationFn(), layers);
            } else if (!(conf instanceof DropoutLayer)) { // dropout acts only in training: nothing to write
                throw new IllegalArgumentException(where + " cannot be written as JSON for the browser");
            }
        }
        return sb.append(String.join(",", layers)).append("]}").toString();
    }

    /** Adds nothing for the identity, else {@code {"op":"relu"}} or {@code {"op":"softmax"}}. */
    private static void activation(String where, IActivation fn, List<String> layers) {
        if (fn == null || fn instanceof ActivationIdentity) return;
        if (fn instanceof ActivationReLU) layers.add("{\"op\":\"relu\"}");
        else if (fn instanceof ActivationSoftmax) layers.add("{\"op\":\"softmax\"}");
        else throw new IllegalArgumentException(where + ": activation " + fn + " cannot be written as JSON");
    }

    private static String batchNorm(org.deeplearning4j.nn.api.Layer layer, BatchNormalization bn) {
        float[] gamma = layer.getParam(BatchNormalizationParamInitializer.GAMMA).dup().data().asFloat();
        float[] beta = layer.getParam(BatchNormalizationParamInitializer.BETA).dup().data().asFloat();
        float[] mean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).dup().data().asFloat();
        float[] var = layer.getParam(bn.isUseLogStd() ? BatchNormalizationParamInitializer.GLOBAL_LOG_STD
                : BatchNormalizationParamInitializer.GLOBAL_VAR).dup().data().asFloat();
        float[] scale = new float[gamma.length];
        float[] shift = new float[gamma.length];
        for (int c = 0; c < gamma.length; c++) {
            // As the Java engine evaluates it: var from log10(std) when stored so, then gamma / sqrt(var + eps).
            float v = var[c];
            if (bn.isUseLogStd()) {
                double std = StrictMath.pow(10.0, v);
                v = (float) (std * std);
            }
            scale[c] = (float) (gamma[c] / Math.sqrt(v + bn.getEps()));
            shift[c] = beta[c] - mean[c] * scale[c];
        }
        return "{\"op\":\"affine\",\"scale\":" + floats(scale) + ",\"shift\":" + floats(shift) + "}";
    }

    /**
     * A depthwise convolution as the page's one kind of convolution: channel {@code c}'s kernel on the diagonal
     * ({@code out = in = c}), zeros elsewhere, and a dilated kernel spread over its span with zeros between its taps.
     * Adding zeros changes no sum, and the page needs no second kernel. It costs space: {@code C·span²} weights become
     * {@code C²·span²} (12 maps at dilation 2: about 33 times as many floats), a few kilobytes for the tutorial's
     * widths.
     */
    private static String depthwiseAsConv(String where, org.deeplearning4j.nn.api.Layer layer,
                                          DepthwiseConvolution2D dw) {
        int[] k = dw.getKernelSize(), s = dw.getStride(), p = dw.getPadding(), d = dw.getDilation();
        if (dw.getDepthMultiplier() != 1 || s[0] != 1 || s[1] != 1 || k[0] != k[1] || p[0] != p[1] || d[0] != d[1]) {
            throw new IllegalArgumentException(where + ": only square depthwise kernels, stride 1, multiplier 1");
        }
        int c = (int) dw.getNIn(), size = k[0], dilation = d[0], span = dilation * (size - 1) + 1;
        INDArray w = layer.getParam("W"); // [ky][kx][channel][1]
        float[] full = new float[c * c * span * span];
        for (int ch = 0; ch < c; ch++) {
            for (int u = 0; u < size; u++) {
                for (int v = 0; v < size; v++) {
                    full[((ch * c + ch) * span + u * dilation) * span + v * dilation] = w.getFloat(u, v, ch, 0);
                }
            }
        }
        INDArray b = dw.hasBias() ? layer.getParam("b") : null;
        return String.format(Locale.ROOT, "{\"op\":\"conv\",\"in\":%d,\"out\":%d,\"k\":%d,\"pad\":%d,"
                + "\"w\":%s,\"b\":%s}", c, c, span, p[0], floats(full), b == null ? "null" : floats(b));
    }

    private static String floats(INDArray a) {
        return floats(a.dup('c').data().asFloat());
    }

    private static String floats(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (!Float.isFinite(v)) throw new IllegalArgumentException("a parameter is not finite: " + v);
            bytes.putFloat(v);
        }
        return '"' + Base64.getEncoder().encodeToString(bytes.array()) + '"';
    }
}
