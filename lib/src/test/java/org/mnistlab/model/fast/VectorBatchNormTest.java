package org.mnistlab.model.fast;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mnistlab.model.fast.VectorConv2dTest.assertClose;

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
        VectorBatchNorm.forwardTraining(x, N, C, P, gamma, beta, eps, y, mean, var, new Parallel(2));
        float[] dx = new float[x.length], dGamma = new float[C], dBeta = new float[C];
        VectorBatchNorm.backward(x, dy, N, C, P, gamma, mean, var, eps, dx, dGamma, dBeta, new Parallel(2));

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
        VectorBatchNorm.forwardTraining(x, N, C, P, gamma, beta, eps, y1, new float[C], new float[C], new Parallel(1));
        assertArrayEquals(y, y1, "the thread count changes nothing");
    }

    @Test
    void inferenceUsesTheRunningStatistics() {
        float[] x = {1, 2, 3, 4}, y = new float[4];
        VectorBatchNorm.forwardInference(x, 2, 1, 2, new float[] {2}, new float[] {1}, 0, new float[] {1},
                new float[] {4}, y, new Parallel(1));
        assertArrayEquals(new float[] {1, 2, 3, 4}, y); // 2 * (x - 1) / 2 + 1
    }
}
