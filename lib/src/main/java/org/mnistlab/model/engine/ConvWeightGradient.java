package org.mnistlab.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight and bias gradients of {@link VectorConv2d}, one chunk of the batch at a time.
 *
 * <p>Each weight's gradient is the dot product of an output-gradient plane with the input plane shifted by the
 * weight's tap, summed over the chunk's samples. It is kept as {@value Lanes#SUM_LANES} logical partial sums
 * ({@link Lanes}): logical lane {@code l} adds pixels {@code l, l+16, l+32, ...} of the first sample, then of the
 * next, in that order on every vector width. Pass {@code r} of {@link Lanes#PARTS} covers logical lanes
 * {@code r*LANES ..}.
 *
 * <p>Why the whole chunk at once: the accumulators then start at zero in registers and are stored once per chunk,
 * instead of being cleared in memory and loaded and stored again for every sample; on the small planes after the
 * pool (6x6 to 10x10, three to seven vectors per plane) that load and store cost as much as the sums.
 */
final class ConvWeightGradient {

    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int LANES = Lanes.LANES;
    private static final int SUM_LANES = Lanes.SUM_LANES;
    private static final int PARTS = Lanes.PARTS;
    /** Whether blocks of six channels (18 accumulators) fit the registers: 32 of them on CPUs with 512-bit vectors. */
    private static final boolean SIX = Lanes.bits() == 512;

    private ConvWeightGradient() {
    }

    /**
     * Where the chunk's sums read: step {@code j} reads the padded input at {@code x[j]} and the wide output gradient
     * at {@code dy[j]} (plus the tap's and the logical lane's offsets), samples in order, pixels in steps of 16. One
     * flat loop over these keeps the accumulators in registers; C2 boxes vectors carried across nested loops.
     */
    record Steps(int samples, int[] x, int[] dy) {
        static Steps of(ConvGeometry g, int samples) {
            int perSample = g.widePlane(SUM_LANES) / SUM_LANES;
            int[] x = new int[samples * perSample];
            int[] dy = new int[x.length];
            int xStride = xStride(g), dyStride = dyStride(g);
            for (int n = 0, j = 0; n < samples; n++) {
                for (int i = 0; i < perSample; i++, j++) {
                    x[j] = n * xStride + i * SUM_LANES;
                    dy[j] = n * dyStride + i * SUM_LANES;
                }
            }
            return new Steps(samples, x, dy);
        }
    }

    /** Floats from one sample's padded input to the next's in a chunk's scratch. */
    static int xStride(ConvGeometry g) {
        return g.paddedSample(SUM_LANES);
    }

    /** Floats from one sample's wide output gradient to the next's in a chunk's scratch. */
    static int dyStride(ConvGeometry g) {
        return g.out() * g.widePlane(SUM_LANES);
    }

    /**
     * Writes the chunk's weight sums into {@code acc} ({@code [out][in][k][k][16]}) and its bias sums into {@code
     * accB} ({@code [out][16]}); {@code xp} holds the chunk's padded samples, {@code wideDy} their wide output
     * gradients, at the strides of {@link Steps}.
     */
    static void accumulate(ConvGeometry g, float[] xp, float[] wideDy, Steps steps, float[] acc, float[] accB) {
        if (g.kernel() == 3) {
            weights3x3(g, xp, wideDy, steps, acc);
        } else {
            weights(g, xp, wideDy, steps, acc);
        }
        bias(g, wideDy, steps, accB);
    }

    /** Any kernel size: four output channels (one tap) per pass over the chunk, then the rest one at a time. */
    private static void weights(ConvGeometry g, float[] xp, float[] wideDy, Steps steps, float[] acc) {
        int in = g.in(), kernel = g.kernel(), area = g.kernelArea(), wp = g.paddedWidth(), plane = g.paddedPlane();
        int outPlane = g.widePlane(SUM_LANES), out = g.out();
        int step = in * area * SUM_LANES;
        int[] xs = steps.x(), ds = steps.dy();
        for (int c = 0; c < in; c++) {
            for (int t = 0; t < area; t++) {
                int xBase = c * plane + (t / kernel) * wp + t % kernel;
                for (int r = 0; r < PARTS; r++) {
                    int lane = r * LANES;
                    int k = 0;
                    for (; k + 4 <= out; k += 4) {
                        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
                        int d0 = k * outPlane + lane, x0 = xBase + lane;
                        for (int j = 0; j < xs.length; j++) {
                            FloatVector v = FloatVector.fromArray(SPECIES, xp, x0 + xs[j]);
                            int d = d0 + ds[j];
                            a0 = FloatVector.fromArray(SPECIES, wideDy, d).fma(v, a0);
                            a1 = FloatVector.fromArray(SPECIES, wideDy, d + outPlane).fma(v, a1);
                            a2 = FloatVector.fromArray(SPECIES, wideDy, d + 2 * outPlane).fma(v, a2);
                            a3 = FloatVector.fromArray(SPECIES, wideDy, d + 3 * outPlane).fma(v, a3);
                        }
                        int i0 = ((k * in + c) * area + t) * SUM_LANES + lane;
                        a0.intoArray(acc, i0);
                        a1.intoArray(acc, i0 + step);
                        a2.intoArray(acc, i0 + 2 * step);
                        a3.intoArray(acc, i0 + 3 * step);
                    }
                    for (; k < out; k++) {
                        FloatVector a = FloatVector.zero(SPECIES);
                        int d0 = k * outPlane + lane, x0 = xBase + lane;
                        for (int j = 0; j < xs.length; j++) {
                            a = FloatVector.fromArray(SPECIES, wideDy, d0 + ds[j])
                                    .fma(FloatVector.fromArray(SPECIES, xp, x0 + xs[j]), a);
                        }
                        a.intoArray(acc, ((k * in + c) * area + t) * SUM_LANES + lane);
                    }
                }
            }
        }
    }

    /**
     * 3x3 kernels, one kernel row at a time: after {@link #sixChannels} where it applies, three output channels times
     * the row's three taps are nine independent sums (enough to keep both FMA units busy through their latency; nine
     * accumulators and four operands fit the 16 registers of AVX2), and each loaded output-gradient vector serves three
     * taps. Two or one channels are left over.
     */
    private static void weights3x3(ConvGeometry g, float[] xp, float[] wideDy, Steps steps, float[] acc) {
        int in = g.in(), wp = g.paddedWidth(), plane = g.paddedPlane(), out = g.out();
        int outPlane = g.widePlane(SUM_LANES);
        int kStep = in * 9 * SUM_LANES; // from one output channel's accumulators to the next's
        int[] xs = steps.x(), ds = steps.dy();
        for (int c = 0; c < in; c++) {
            for (int ky = 0; ky < 3; ky++) {
                int xRow = c * plane + ky * wp;
                for (int r = 0; r < PARTS; r++) {
                    int lane = r * LANES;
                    int x0 = xRow + lane;
                    int k = SIX ? sixChannels(xp, wideDy, xs, ds, x0, lane, outPlane, in, c, ky, out, acc) : 0;
                    for (; k + 3 <= out; k += 3) {
                        FloatVector a00 = FloatVector.zero(SPECIES), a01 = a00, a02 = a00;
                        FloatVector a10 = a00, a11 = a00, a12 = a00, a20 = a00, a21 = a00, a22 = a00;
                        int d0 = k * outPlane + lane, d1 = d0 + outPlane, d2 = d1 + outPlane;
                        for (int j = 0; j < xs.length; j++) {
                            int d = ds[j], x = x0 + xs[j];
                            FloatVector g0 = FloatVector.fromArray(SPECIES, wideDy, d0 + d);
                            FloatVector g1 = FloatVector.fromArray(SPECIES, wideDy, d1 + d);
                            FloatVector g2 = FloatVector.fromArray(SPECIES, wideDy, d2 + d);
                            FloatVector v0 = FloatVector.fromArray(SPECIES, xp, x);
                            a00 = g0.fma(v0, a00);
                            a10 = g1.fma(v0, a10);
                            a20 = g2.fma(v0, a20);
                            FloatVector v1 = FloatVector.fromArray(SPECIES, xp, x + 1);
                            a01 = g0.fma(v1, a01);
                            a11 = g1.fma(v1, a11);
                            a21 = g2.fma(v1, a21);
                            FloatVector v2 = FloatVector.fromArray(SPECIES, xp, x + 2);
                            a02 = g0.fma(v2, a02);
                            a12 = g1.fma(v2, a12);
                            a22 = g2.fma(v2, a22);
                        }
                        int i0 = ((k * in + c) * 9 + ky * 3) * SUM_LANES + lane;
                        storeRow(acc, i0, a00, a01, a02);
                        storeRow(acc, i0 + kStep, a10, a11, a12);
                        storeRow(acc, i0 + 2 * kStep, a20, a21, a22);
                    }
                    if (k + 2 <= out) {
                        FloatVector a00 = FloatVector.zero(SPECIES), a01 = a00, a02 = a00, a10 = a00, a11 = a00;
                        FloatVector a12 = a00;
                        int d0 = k * outPlane + lane, d1 = d0 + outPlane;
                        for (int j = 0; j < xs.length; j++) {
                            int d = ds[j], x = x0 + xs[j];
                            FloatVector g0 = FloatVector.fromArray(SPECIES, wideDy, d0 + d);
                            FloatVector g1 = FloatVector.fromArray(SPECIES, wideDy, d1 + d);
                            FloatVector v0 = FloatVector.fromArray(SPECIES, xp, x);
                            a00 = g0.fma(v0, a00);
                            a10 = g1.fma(v0, a10);
                            FloatVector v1 = FloatVector.fromArray(SPECIES, xp, x + 1);
                            a01 = g0.fma(v1, a01);
                            a11 = g1.fma(v1, a11);
                            FloatVector v2 = FloatVector.fromArray(SPECIES, xp, x + 2);
                            a02 = g0.fma(v2, a02);
                            a12 = g1.fma(v2, a12);
                        }
                        int i0 = ((k * in + c) * 9 + ky * 3) * SUM_LANES + lane;
                        storeRow(acc, i0, a00, a01, a02);
                        storeRow(acc, i0 + kStep, a10, a11, a12);
                        k += 2;
                    }
                    if (k < out) {
                        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0;
                        int d0 = k * outPlane + lane;
                        for (int j = 0; j < xs.length; j++) {
                            int x = x0 + xs[j];
                            FloatVector g0 = FloatVector.fromArray(SPECIES, wideDy, d0 + ds[j]);
                            a0 = g0.fma(FloatVector.fromArray(SPECIES, xp, x), a0);
                            a1 = g0.fma(FloatVector.fromArray(SPECIES, xp, x + 1), a1);
                            a2 = g0.fma(FloatVector.fromArray(SPECIES, xp, x + 2), a2);
                        }
                        storeRow(acc, ((k * in + c) * 9 + ky * 3) * SUM_LANES + lane, a0, a1, a2);
                    }
                }
            }
        }
    }

    /**
     * {@link #weights3x3}'s blocks of six output channels where the CPU has 32 vector registers (AVX-512): 18
     * accumulators, each loaded input vector serving six channels and each output-gradient vector three taps, so
     * fewer loads per fused multiply-add than blocks of three. Every sum is the same chain as there. Returns the first
     * channel it left for the smaller blocks.
     */
    private static int sixChannels(float[] xp, float[] wideDy, int[] xs, int[] ds, int x0, int lane, int outPlane,
                                   int in, int c, int ky, int out, float[] acc) {
        int kStep = in * 9 * SUM_LANES;
        int k = 0;
        for (; k + 6 <= out; k += 6) {
            FloatVector a00 = FloatVector.zero(SPECIES), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00;
            FloatVector a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00;
            FloatVector a40 = a00, a41 = a00, a42 = a00, a50 = a00, a51 = a00, a52 = a00;
            int d0 = k * outPlane + lane;
            for (int j = 0; j < xs.length; j++) {
                int d = d0 + ds[j], x = x0 + xs[j];
                FloatVector g0 = FloatVector.fromArray(SPECIES, wideDy, d);
                FloatVector g1 = FloatVector.fromArray(SPECIES, wideDy, d + outPlane);
                FloatVector g2 = FloatVector.fromArray(SPECIES, wideDy, d + 2 * outPlane);
                FloatVector g3 = FloatVector.fromArray(SPECIES, wideDy, d + 3 * outPlane);
                FloatVector g4 = FloatVector.fromArray(SPECIES, wideDy, d + 4 * outPlane);
                FloatVector g5 = FloatVector.fromArray(SPECIES, wideDy, d + 5 * outPlane);
                FloatVector v = FloatVector.fromArray(SPECIES, xp, x);
                a00 = g0.fma(v, a00);
                a10 = g1.fma(v, a10);
                a20 = g2.fma(v, a20);
                a30 = g3.fma(v, a30);
                a40 = g4.fma(v, a40);
                a50 = g5.fma(v, a50);
                v = FloatVector.fromArray(SPECIES, xp, x + 1);
                a01 = g0.fma(v, a01);
                a11 = g1.fma(v, a11);
                a21 = g2.fma(v, a21);
                a31 = g3.fma(v, a31);
                a41 = g4.fma(v, a41);
                a51 = g5.fma(v, a51);
                v = FloatVector.fromArray(SPECIES, xp, x + 2);
                a02 = g0.fma(v, a02);
                a12 = g1.fma(v, a12);
                a22 = g2.fma(v, a22);
                a32 = g3.fma(v, a32);
                a42 = g4.fma(v, a42);
                a52 = g5.fma(v, a52);
            }
            int i0 = ((k * in + c) * 9 + ky * 3) * SUM_LANES + lane;
            storeRow(acc, i0, a00, a01, a02);
            storeRow(acc, i0 + kStep, a10, a11, a12);
            storeRow(acc, i0 + 2 * kStep, a20, a21, a22);
            storeRow(acc, i0 + 3 * kStep, a30, a31, a32);
            storeRow(acc, i0 + 4 * kStep, a40, a41, a42);
            storeRow(acc, i0 + 5 * kStep, a50, a51, a52);
        }
        return k;
    }

    /** One channel's sums for a kernel row's three taps, at {@code acc[i0]}: each tap's 16 logical lanes in turn. */
    private static void storeRow(float[] acc, int i0, FloatVector t0, FloatVector t1, FloatVector t2) {
        t0.intoArray(acc, i0);
        t1.intoArray(acc, i0 + SUM_LANES);
        t2.intoArray(acc, i0 + 2 * SUM_LANES);
    }

    private static void bias(ConvGeometry g, float[] wideDy, Steps steps, float[] acc) {
        int outPlane = g.widePlane(SUM_LANES);
        int[] ds = steps.dy();
        for (int k = 0; k < g.out(); k++) {
            for (int r = 0; r < PARTS; r++) {
                int d0 = k * outPlane + r * LANES;
                FloatVector a = FloatVector.zero(SPECIES);
                for (int j = 0; j < ds.length; j++) a = a.add(FloatVector.fromArray(SPECIES, wideDy, d0 + ds[j]));
                a.intoArray(acc, k * SUM_LANES + r * LANES);
            }
        }
    }
}
