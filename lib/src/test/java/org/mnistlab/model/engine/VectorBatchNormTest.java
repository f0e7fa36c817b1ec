package org.mnistlab.model.engine;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mnistlab.model.engine.VectorConv2dTest.assertClose;

/** Vector batch norm against the textbook formulas in double. */
class VectorBatchNormTest {

    static final int N = 13, C = 5, P = 7 * 9; // plane of 63: whole vectors and a scalar tail

    @Test
    void trainingForwardAndBackwardMatchTheFormulas() {
        Random r = new Random(4);
        float[] x = new float[N * C * P], dy = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 + 2 * r.nextGaussian()); // a mean far from 0 tests the shifted sums
            dy[i] = (float) r.nextGaussian();
        }
        float[] gamma = {1f, 0.5f, 2f, -1f, 0.1f}, beta = {0f, 1f, -2f, 0.5f, 3f};
        double eps = 1e-5;
        float[] y = new float[x.length], mean = new float[C], var = new float[C];
        VectorBatchNorm.forwardTraining(x, N, C, P, gamma, beta, eps, y, mean, var, new WorkerPool(2));
        float[] dx = new float[x.length], dGamma = new float[C], dBeta = new float[C];
        VectorBatchNorm.backward(x, dy, N, C, P, gamma, mean, var, eps, dx, dGamma, dBeta, new WorkerPool(2));

        double[] eMean = new double[C], eVar = new double[C], eY = new double[x.length], eDx = new double[x.length];
        double[] eDGamma = new double[C], eDBeta = new double[C];
        double m = (double) N * P;
        for (int c = 0; c < C; c++) {
            for (int n = 0; n < N; n++) for (int i = 0; i < P; i++) eMean[c] += x[(n * C + c) * P + i] / m;
            for (int n = 0; n < N; n++) for (int i = 0; i < P; i++) eVar[c] += Math.pow(x[(n * C + c) * P + i] - eMean[c], 2) / m;
            double inv = 1 / Math.sqrt(eVar[c] + eps), sumDy = 0, sumDyXhat = 0;
            for (int n = 0; n < N; n++) for (int i = 0; i < P; i++) {
                int at = (n * C + c) * P + i;
                double xhat = (x[at] - eMean[c]) * inv;
                eY[at] = gamma[c] * xhat + beta[c];
                sumDy += dy[at];
                sumDyXhat += dy[at] * xhat;
            }
            eDBeta[c] = sumDy;
            eDGamma[c] = sumDyXhat;
            for (int n = 0; n < N; n++) for (int i = 0; i < P; i++) {
                int at = (n * C + c) * P + i;
                double xhat = (x[at] - eMean[c]) * inv;
                eDx[at] = gamma[c] * inv * (dy[at] - sumDy / m - xhat * sumDyXhat / m);
            }
        }
        assertClose(eMean, mean);
        assertClose(eVar, var);
        assertClose(eY, y);
        assertClose(eDx, dx);
        assertClose(eDGamma, dGamma);
        assertClose(eDBeta, dBeta);

        float[] y1 = new float[x.length];
        VectorBatchNorm.forwardTraining(x, N, C, P, gamma, beta, eps, y1, new float[C], new float[C], new WorkerPool(1));
        assertArrayEquals(y, y1, "the thread count changes nothing");
    }

    @Test
    void inferenceUsesTheRunningStatistics() {
        float[] x = {1, 2, 3, 4}, y = new float[4];
        VectorBatchNorm.forwardInference(x, 2, 1, 2, new float[] {2}, new float[] {1}, 0, new float[] {1},
                new float[] {4}, y, new WorkerPool(1));
        assertArrayEquals(new float[] {1, 2, 3, 4}, y); // 2 * (x - 1) / 2 + 1
    }

    @Test
    void reluFoldedInGivesWhatBatchNormThenReluGives() {
        int n = 5, c = 3, p = 37; // a plane that is not a whole number of vectors
        Random r = new Random(9);
        float[] x = new float[n * c * p], dy = new float[n * c * p];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
            dy[i] = (float) r.nextGaussian();
        }
        float[] gamma = {1f, 0.5f, 2f}, beta = {0.1f, -0.2f, 0f};
        WorkerPool parallel = new WorkerPool(2);
        float[] plain = new float[x.length], fused = new float[x.length];
        float[] mean = new float[c], var = new float[c];
        VectorBatchNorm.forwardTraining(x, n, c, p, gamma, beta, 1e-5, plain, mean, var, parallel);
        VectorBatchNorm.forwardTraining(x, n, c, p, gamma, beta, 1e-5, fused, new float[c], new float[c], true,
                parallel);
        float[] masked = dy.clone();
        for (int i = 0; i < plain.length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(Math.max(plain[i], 0f), fused[i], "forward " + i);
            if (plain[i] <= 0f) masked[i] = 0f;
        }
        float[] dxPlain = new float[x.length], dxFused = new float[x.length];
        float[] gP = new float[c], bP = new float[c], gF = new float[c], bF = new float[c];
        VectorBatchNorm.backward(x, masked, n, c, p, gamma, mean, var, 1e-5, dxPlain, gP, bP, parallel);
        VectorBatchNorm.backward(x, dy, fused, n, c, p, gamma, mean, var, 1e-5, dxFused, gF, bF, parallel);
        assertArrayEquals(dxPlain, dxFused, "input gradient");
        assertArrayEquals(gP, gF, "gamma gradient");
        assertArrayEquals(bP, bF, "beta gradient");
    }
}
