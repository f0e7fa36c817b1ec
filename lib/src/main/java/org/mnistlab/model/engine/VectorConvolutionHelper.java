package org.mnistlab.model.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Plugs {@link VectorConv2d} into DL4J's {@code ConvolutionLayer} through the slot DL4J keeps for cuDNN/oneDNN
 * ({@link ConvolutionHelper}): DL4J still owns the parameters, the activation function, dropout and the updater.
 * Returns {@code null} (DL4J then computes the layer itself) for anything but float NCHW, stride 1, no dilation,
 * square kernel and padding, truncate mode: all the tutorial's convolutions are in that set.
 */
final class VectorConvolutionHelper implements ConvolutionHelper {

    private final WorkerPool parallel;
    private final ConvScratch scratch = new ConvScratch();
    // Reused between steps (DL4J calls one layer at a time): input, output, output gradient, input gradient.
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] dx;

    VectorConvolutionHelper(WorkerPool parallel) {
        this.parallel = parallel;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
                              CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        ConvGeometry g = geometry(input, weights, kernel, strides, pad, convolutionMode, dilation, format);
        if (g == null) return null;
        x = NdArrays.read(input, x);
        y = NdArrays.buffer(y, (long) g.batch() * g.out() * g.outPlane());
        VectorConv2d.forward(g, x, NdArrays.read(weights),
                bias == null ? null : NdArrays.read(bias), y, parallel, scratch);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                g.batch(), g.out(), g.outHeight(), g.outWidth());
        NdArrays.write(y, out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn, AlgoMode mode,
                                                     BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation,
                                                     CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        ConvGeometry g = geometry(input, weights, kernel, strides, pad, convolutionMode, dilation, format);
        if (g == null) return null;
        x = NdArrays.read(input, x);
        dy = NdArrays.read(delta, dy);
        float[] w = NdArrays.read(weights);
        dx = NdArrays.buffer(dx, x.length);
        float[] dw = new float[w.length];
        // No bias: DL4J hands non-oneDNN helpers a dummy bias gradient; leave it alone.
        float[] db = bias == null ? null : new float[g.out()];
        VectorConv2d.backwardWeights(g, x, dy, dw, db, parallel, scratch);
        VectorConv2d.backwardInput(g, dy, w, dx, parallel, scratch);

        NdArrays.write(dw, weightGradView);
        Gradient gradient = new DefaultGradient();
        if (db != null) {
            NdArrays.write(db, biasGradView);
            gradient.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        gradient.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        INDArray epsilon = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape());
        NdArrays.write(dx, epsilon);
        return new Pair<>(gradient, epsilon);
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return afn.getActivation(z, training);
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    /** The geometry when this helper handles the case, else null. */
    static ConvGeometry geometry(INDArray input, INDArray weights, int[] kernel, int[] strides, int[] pad,
                                 ConvolutionMode mode, int[] dilation, CNN2DFormat format) {
        if (input.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT || input.rank() != 4
                || format != CNN2DFormat.NCHW || mode == ConvolutionMode.Same || mode == ConvolutionMode.Causal
                || kernel[0] != kernel[1] || strides[0] != 1 || strides[1] != 1 || pad[0] != pad[1]
                || dilation[0] != 1 || dilation[1] != 1 || input.length() > Integer.MAX_VALUE) {
            return null;
        }
        return new ConvGeometry((int) input.size(0), (int) input.size(1), (int) weights.size(0),
                (int) input.size(2), (int) input.size(3), kernel[0], pad[0]);
    }
}
