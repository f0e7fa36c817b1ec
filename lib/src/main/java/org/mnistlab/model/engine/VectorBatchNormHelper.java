package org.mnistlab.model.engine;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * Plugs {@link VectorBatchNorm} into DL4J's {@code BatchNormalization} layer through its helper slot. Like DL4J's
 * oneDNN helper it keeps the batch mean and (biased) variance of the last training-mode forward pass, which DL4J
 * reads to update the running averages and this helper reuses in the backward pass. Returns {@code null} (DL4J then
 * computes the layer itself) for anything but float NCHW with trainable gamma and beta.
 */
final class VectorBatchNormHelper implements BatchNormalizationHelper {

    private final WorkerPool parallel;
    private float[] batchMean;
    private float[] batchVar;
    private INDArray meanCache;
    private INDArray varCache;
    // Reused between steps (DL4J calls one layer at a time): input, output, output gradient, input gradient.
    private float[] x;
    private float[] y;
    private float[] dy;
    private float[] dx;

    VectorBatchNormHelper(WorkerPool parallel) {
        this.parallel = parallel;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                              INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (!supported(x, gamma, beta, format)) return null;
        int batch = (int) x.size(0), channels = (int) x.size(1), plane = (int) (x.size(2) * x.size(3));
        this.x = NdArrays.read(x, this.x);
        float[] in = this.x;
        y = NdArrays.buffer(y, in.length);
        float[] g = NdArrays.read(gamma), b = NdArrays.read(beta);
        if (training) {
            batchMean = new float[channels];
            batchVar = new float[channels];
            VectorBatchNorm.forwardTraining(in, batch, channels, plane, g, b, eps, y, batchMean, batchVar, parallel);
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createFromArray(batchMean);
                varCache = Nd4j.createFromArray(batchVar);
            }
        } else {
            VectorBatchNorm.forwardInference(in, batch, channels, plane, g, b, eps, NdArrays.read(mean),
                    NdArrays.read(var), y, parallel);
        }
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape());
        NdArrays.write(y, out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supported(input, gamma, beta, format) || batchMean == null) return null;
        int batch = (int) input.size(0), channels = (int) input.size(1);
        int plane = (int) (input.size(2) * input.size(3));
        if (batchMean.length != channels) return null;
        x = NdArrays.read(input, x);
        dy = NdArrays.read(epsilon, dy);
        dx = NdArrays.buffer(dx, x.length);
        float[] dGamma = new float[channels], dBeta = new float[channels];
        VectorBatchNorm.backward(x, dy, batch, channels, plane, NdArrays.read(gamma), batchMean,
                batchVar, eps, dx, dGamma, dBeta, parallel);
        NdArrays.write(dGamma, dGammaView);
        NdArrays.write(dBeta, dBetaView);
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape());
        NdArrays.write(dx, out);
        return new Pair<>(gradient, out);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    private static boolean supported(INDArray x, INDArray gamma, INDArray beta, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && format == CNN2DFormat.NCHW && gamma != null
                && beta != null && x.length() <= Integer.MAX_VALUE;
    }
}
