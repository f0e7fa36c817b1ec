package org.mnistlab.model.engine;

import java.util.Arrays;

/**
 * A fully connected layer {@code y = x W + b} (W is {@code in x out}, as DL4J's), with an optional ReLU. The
 * tutorial's dense layers are 16-18 x 10: plain loops are fast enough.
 */
final class DenseLayer extends JavaLayer {

    private final boolean relu;
    private final WeightsAndBias p;

    DenseLayer(String name, Dims in, int outputs, boolean relu, ParamSlot weights, ParamSlot bias) {
        super(name, in, Dims.flat(outputs));
        if (weights.length() != in.size() * outputs) {
            throw new IllegalArgumentException(name + ": " + weights.length() + " weights for " + this);
        }
        this.relu = relu;
        this.p = new WeightsAndBias(weights, bias);
    }

    @Override
    void load(float[] flatParams) {
        p.load(flatParams);
    }

    @Override
    void forward(float[] x, float[] y, int n, boolean training, long seed) {
        int ni = in.size(), no = out.size();
        float[] w = p.w, b = p.b;
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < no; o++) {
                float sum = b == null ? 0f : b[o];
                for (int i = 0; i < ni; i++) sum += x[s * ni + i] * w[i * no + o];
                y[s * no + o] = relu ? Math.max(sum, 0f) : sum;
            }
        }
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        int ni = in.size(), no = out.size();
        if (relu) Elementwise.reluGradient(y, dy, dy, n * no, WorkerPool.SERIAL);
        float[] w = p.w, dw = p.dw, db = p.db;
        Arrays.fill(dw, 0f);
        if (db != null) Arrays.fill(db, 0f);
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < no; o++) {
                float g = dy[s * no + o];
                if (db != null) db[o] += g;
                for (int i = 0; i < ni; i++) dw[i * no + o] += x[s * ni + i] * g;
            }
        }
        p.storeGradients(flatGrads);
        if (dx == null) return;
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < ni; i++) {
                float sum = 0f;
                for (int o = 0; o < no; o++) sum += dy[s * no + o] * w[i * no + o];
                dx[s * ni + i] = sum;
            }
        }
    }
}
