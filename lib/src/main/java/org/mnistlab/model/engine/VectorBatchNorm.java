package org.mnistlab.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation over NCHW float arrays (statistics per channel over batch, height and width), forward and
 * backward, with the Vector API. Work is split by channel: each channel's sums run in one fixed order on one thread,
 * in {@link Lanes}' logical layout, so results depend neither on the thread count nor on the vector width. Where a
 * plane's last elements are computed one at a time, they use the vector loop's formula, fused multiply-adds included.
 */
final class VectorBatchNorm {

    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int LANES = Lanes.LANES;
    private static final int SUM_LANES = Lanes.SUM_LANES;

    private VectorBatchNorm() {
    }

    /**
     * Training mode: normalises with the batch's own mean and (biased) variance, which are written to {@code mean}
     * and {@code var} for the running averages.
     */
    static void forwardTraining(float[] x, int batch, int channels, int plane, float[] gamma, float[] beta, double eps,
                                float[] y, float[] mean, float[] var, WorkerPool parallel) {
        forwardTraining(x, batch, channels, plane, gamma, beta, eps, y, mean, var, false, parallel);
    }

    /** {@link #forwardTraining}, followed by a ReLU in the same pass when {@code relu}. */
    static void forwardTraining(float[] x, int batch, int channels, int plane, float[] gamma, float[] beta, double eps,
                                float[] y, float[] mean, float[] var, boolean relu, WorkerPool parallel) {
        parallel.forEachChunk(channels, 1, (c, end) -> {
            double[] moments = moments(x, batch, channels, plane, c);
            float m = (float) moments[0];
            float v = (float) moments[1];
            mean[c] = m;
            var[c] = v;
            float scale = (float) (gamma[c] / Math.sqrt(v + eps));
            affine(x, batch, channels, plane, c, m, scale, beta[c], relu, y);
        });
    }

    /** Inference mode: normalises with the running mean and variance. */
    static void forwardInference(float[] x, int batch, int channels, int plane, float[] gamma, float[] beta,
                                 double eps, float[] mean, float[] var, float[] y, WorkerPool parallel) {
        forwardInference(x, batch, channels, plane, gamma, beta, eps, mean, var, y, false, parallel);
    }

    /** {@link #forwardInference}, followed by a ReLU in the same pass when {@code relu}. */
    static void forwardInference(float[] x, int batch, int channels, int plane, float[] gamma, float[] beta,
                                 double eps, float[] mean, float[] var, float[] y, boolean relu, WorkerPool parallel) {
        parallel.forEachChunk(channels, 1, (c, end) -> {
            float scale = (float) (gamma[c] / Math.sqrt(var[c] + eps));
            affine(x, batch, channels, plane, c, mean[c], scale, beta[c], relu, y);
        });
    }

    /**
     * Gradients of training-mode batch norm: {@code dx} (overwritten), {@code dGamma}, {@code dBeta} (overwritten),
     * given the batch statistics the forward pass used.
     */
    static void backward(float[] x, float[] dy, int batch, int channels, int plane, float[] gamma, float[] mean,
                         float[] var, double eps, float[] dx, float[] dGamma, float[] dBeta, WorkerPool parallel) {
        backward(x, dy, null, batch, channels, plane, gamma, mean, var, eps, dx, dGamma, dBeta, parallel);
    }

    /**
     * {@link #backward} of batch norm followed by a ReLU whose output was {@code reluOut} (null: no ReLU): {@code dy}
     * is the gradient after the ReLU, and counts only where {@code reluOut > 0}. {@code dy} is not changed.
     */
    static void backward(float[] x, float[] dy, float[] reluOut, int batch, int channels, int plane, float[] gamma,
                         float[] mean, float[] var, double eps, float[] dx, float[] dGamma, float[] dBeta,
                         WorkerPool parallel) {
        double count = (double) batch * plane;
        FloatVector zero = FloatVector.zero(S);
        parallel.forEachChunk(channels, 1, (c, end) -> {
            float m = mean[c];
            float invStd = (float) (1.0 / Math.sqrt(var[c] + eps));
            FloatVector vm = FloatVector.broadcast(S, m);
            // sum(dy) and sum(dy * (x - mean)) in one pass; per sample 16 logical partial sums, added up in double
            // (100k-term float sums would lose ~4 digits).
            double sumDy = 0, sumDyXc = 0;
            float[] lanes = new float[2 * SUM_LANES];
            int bound = Lanes.loopBound(plane);
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * plane;
                gradientSums(x, dy, reluOut, base, bound, vm, lanes);
                double tailDy = 0, tailDyX = 0;
                for (int i = bound; i < plane; i++) {
                    float g = reluOut == null || reluOut[base + i] > 0f ? dy[base + i] : 0f;
                    tailDy += g;
                    tailDyX += g * (x[base + i] - m);
                }
                sumDy += Lanes.sum(lanes, 0) + tailDy;
                sumDyXc += Lanes.sum(lanes, SUM_LANES) + tailDyX;
            }
            dBeta[c] = (float) sumDy;
            dGamma[c] = (float) (sumDyXc * invStd);
            // dx = gamma * invStd * (dy - mean(dy) - xc * invStd^2 * mean(dy * xc))
            float a = gamma[c] * invStd;
            float meanDy = (float) (sumDy / count);
            float k = (float) (sumDyXc / count) * invStd * invStd;
            FloatVector va = FloatVector.broadcast(S, a), vMeanDy = FloatVector.broadcast(S, meanDy);
            FloatVector vNegK = FloatVector.broadcast(S, -k);
            int vectorBound = S.loopBound(plane);
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * plane;
                int i = 0;
                for (; i < vectorBound; i += S.length()) {
                    FloatVector xc = FloatVector.fromArray(S, x, base + i).sub(vm);
                    FloatVector g = masked(dy, reluOut, base + i, zero);
                    xc.fma(vNegK, g.sub(vMeanDy)).mul(va).intoArray(dx, base + i);
                }
                for (; i < plane; i++) {
                    float g = reluOut == null || reluOut[base + i] > 0f ? dy[base + i] : 0f;
                    dx[base + i] = Math.fma(x[base + i] - m, -k, g - meanDy) * a;
                }
            }
        });
    }

    /**
     * Mean and biased variance of channel {@code c} in one pass: sums of {@code x - shift} and its square, shifted by
     * the channel's first value so that a large mean does not cancel the variance away.
     */
    private static double[] moments(float[] x, int batch, int channels, int plane, int c) {
        float shift = x[c * plane];
        FloatVector vShift = FloatVector.broadcast(S, shift);
        double total = 0, totalSquares = 0;
        float[] lanes = new float[2 * SUM_LANES];
        int bound = Lanes.loopBound(plane);
        for (int n = 0; n < batch; n++) {
            int base = (n * channels + c) * plane;
            momentSums(x, base, bound, vShift, lanes);
            double tailSum = 0, tailSquares = 0;
            for (int i = bound; i < plane; i++) {
                double d = x[base + i] - shift;
                tailSum += d;
                tailSquares += d * d;
            }
            total += Lanes.sum(lanes, 0) + tailSum;
            totalSquares += Lanes.sum(lanes, SUM_LANES) + tailSquares;
        }
        double count = (double) batch * plane;
        double meanShifted = total / count;
        double meanSquares = totalSquares / count;
        return new double[] {shift + meanShifted, Math.max(0, meanSquares - meanShifted * meanShifted)};
    }

    /**
     * One sample's {@code sum(g)} and {@code sum((x - mean) * g)}, {@code g} being {@code dy} where the ReLU passed
     * it, over elements {@code [0, bound)} of the plane at {@code base}, in {@link Lanes}' 16 logical lanes:
     * {@code lanes[0..15]} and {@code lanes[16..31]}. One flat loop with {@link Lanes#PARTS} accumulators per sum (the
     * branches on the constant fold away), which C2 keeps in registers; vectors carried across nested loops it boxes.
     */
    private static void gradientSums(float[] x, float[] dy, float[] reluOut, int base, int bound, FloatVector vm,
                                     float[] lanes) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector d0 = zero, d1 = zero, d2 = zero, d3 = zero, p0 = zero, p1 = zero, p2 = zero, p3 = zero;
        for (int i = 0; i < bound; i += SUM_LANES) {
            int at = base + i;
            FloatVector g = masked(dy, reluOut, at, zero);
            d0 = d0.add(g);
            p0 = FloatVector.fromArray(S, x, at).sub(vm).fma(g, p0);
            if (Lanes.PARTS > 1) {
                g = masked(dy, reluOut, at + LANES, zero);
                d1 = d1.add(g);
                p1 = FloatVector.fromArray(S, x, at + LANES).sub(vm).fma(g, p1);
            }
            if (Lanes.PARTS > 2) {
                g = masked(dy, reluOut, at + 2 * LANES, zero);
                d2 = d2.add(g);
                p2 = FloatVector.fromArray(S, x, at + 2 * LANES).sub(vm).fma(g, p2);
                g = masked(dy, reluOut, at + 3 * LANES, zero);
                d3 = d3.add(g);
                p3 = FloatVector.fromArray(S, x, at + 3 * LANES).sub(vm).fma(g, p3);
            }
        }
        store(lanes, 0, d0, d1, d2, d3);
        store(lanes, SUM_LANES, p0, p1, p2, p3);
    }

    /** {@link #gradientSums} for the moments: {@code sum(x - shift)} and {@code sum((x - shift)^2)}. */
    private static void momentSums(float[] x, int base, int bound, FloatVector vShift, float[] lanes) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector s0 = zero, s1 = zero, s2 = zero, s3 = zero, q0 = zero, q1 = zero, q2 = zero, q3 = zero;
        for (int i = 0; i < bound; i += SUM_LANES) {
            int at = base + i;
            FloatVector d = FloatVector.fromArray(S, x, at).sub(vShift);
            s0 = s0.add(d);
            q0 = d.fma(d, q0);
            if (Lanes.PARTS > 1) {
                d = FloatVector.fromArray(S, x, at + LANES).sub(vShift);
                s1 = s1.add(d);
                q1 = d.fma(d, q1);
            }
            if (Lanes.PARTS > 2) {
                d = FloatVector.fromArray(S, x, at + 2 * LANES).sub(vShift);
                s2 = s2.add(d);
                q2 = d.fma(d, q2);
                d = FloatVector.fromArray(S, x, at + 3 * LANES).sub(vShift);
                s3 = s3.add(d);
                q3 = d.fma(d, q3);
            }
        }
        store(lanes, 0, s0, s1, s2, s3);
        store(lanes, SUM_LANES, q0, q1, q2, q3);
    }

    /** {@code dy} where the ReLU passed it ({@code reluOut > 0}), zero elsewhere; all of {@code dy} without a ReLU. */
    private static FloatVector masked(float[] dy, float[] reluOut, int at, FloatVector zero) {
        FloatVector g = FloatVector.fromArray(S, dy, at);
        if (reluOut == null) return g;
        return g.blend(zero, FloatVector.fromArray(S, reluOut, at).compare(VectorOperators.LE, 0f));
    }

    /** The {@link Lanes#PARTS} vectors of one sum, as its 16 logical lanes at {@code lanes[offset..]}. */
    private static void store(float[] lanes, int offset, FloatVector v0, FloatVector v1, FloatVector v2,
                              FloatVector v3) {
        v0.intoArray(lanes, offset);
        if (Lanes.PARTS > 1) v1.intoArray(lanes, offset + LANES);
        if (Lanes.PARTS > 2) {
            v2.intoArray(lanes, offset + 2 * LANES);
            v3.intoArray(lanes, offset + 3 * LANES);
        }
    }

    /**
     * {@code y = (x - mean) * scale + beta}. Not {@code x * scale + (beta - mean * scale)}: where {@code x == mean}
     * (a channel that is constant, e.g. all zero after a dead ReLU) this gives exactly {@code beta}, as DL4J does, so a
     * following ReLU sees the same zeros and passes the same gradient.
     */
    private static void affine(float[] x, int batch, int channels, int plane, int c, float mean, float scale,
                               float beta, boolean relu, float[] y) {
        int bound = S.loopBound(plane);
        FloatVector vMean = FloatVector.broadcast(S, mean), vScale = FloatVector.broadcast(S, scale);
        FloatVector vBeta = FloatVector.broadcast(S, beta);
        // With a ReLU: max(v, 0) here; max(v, -inf) is v, so one loop serves both.
        FloatVector floor = FloatVector.broadcast(S, relu ? 0f : Float.NEGATIVE_INFINITY);
        float scalarFloor = relu ? 0f : Float.NEGATIVE_INFINITY;
        for (int n = 0; n < batch; n++) {
            int base = (n * channels + c) * plane;
            int i = 0;
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, x, base + i).sub(vMean).fma(vScale, vBeta).max(floor).intoArray(y, base + i);
            }
            for (; i < plane; i++) y[base + i] = Math.max(Math.fma(x[base + i] - mean, scale, beta), scalarFloor);
        }
    }
}
