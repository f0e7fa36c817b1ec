package org.mnistlab.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Stride-1 2-D convolution on plain float arrays (NCHW activations, weights {@code [out][in][k][k]}), forward and
 * both gradients, written with the JDK's Vector API.
 *
 * <p>Why this exists: the tutorial's layers have 1-16 channels. oneDNN and ND4J's im2col + GEMM are built for wide
 * layers; at 8 channels they spend more time reshaping than multiplying. Here each output pixel row is computed
 * directly: for a block of 4 output channels and two vectors of output pixels, every kernel tap is one shifted read
 * of the padded input and 8 fused multiply-adds into registers (see {@link ConvGeometry} for the layout).
 *
 * <p>Determinism: the batch is cut into fixed chunks of {@value #CHUNK} samples, which threads take in any order;
 * every output element is summed in one fixed order, and the weight gradient adds the chunks' partial sums in chunk
 * order. The weight and bias gradients' sums over pixels follow {@link Lanes}' fixed logical layout. So the result
 * depends on the data only: not on the number of threads, their timing, or the CPU's vector width.
 */
final class VectorConv2d {

    static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    static final int LANES = Lanes.LANES;
    private static final int SUM_LANES = Lanes.SUM_LANES;
    private static final int PARTS = Lanes.PARTS;
    /** Samples per parallel task, and the unit in which weight gradients are summed. */
    static final int CHUNK = 8;

    private VectorConv2d() {
    }

    /** {@code y = conv(x, w) + bias}; {@code bias} may be null. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, WorkerPool parallel) {
        forward(g, x, w, bias, y, parallel, null);
    }

    /** {@link #forward}, reusing {@code scratch}'s arrays (may be null). */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, WorkerPool parallel,
                        ConvScratch scratch) {
        Kernel kernel = new Kernel(g, w);
        parallel.forEachChunk(g.batch(), CHUNK, (from, to) -> {
            int chunk = from / CHUNK;
            float[] padded = ConvScratch.of(scratch, ConvScratch.FORWARD_PADDED, chunk, g.paddedSample(SUM_LANES));
            float[] wide = ConvScratch.of(scratch, ConvScratch.FORWARD_WIDE, chunk, kernel.wideLength());
            for (int n = from; n < to; n++) {
                pad(x, n * g.in() * g.inPlane(), g.in(), g.height(), g.width(), g.padding(), padded);
                kernel.apply(padded, wide);
                crop(g, wide, bias, y, n * g.out() * g.outPlane());
            }
        });
    }

    /** The gradient with respect to the input: a full convolution of {@code dy} with the flipped kernel. */
    static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx, WorkerPool parallel) {
        backwardInput(g, dy, w, dx, parallel, null);
    }

    /** {@link #backwardInput}, reusing {@code scratch}'s arrays (may be null). */
    static void backwardInput(ConvGeometry g, float[] dy, float[] w, float[] dx, WorkerPool parallel,
                              ConvScratch scratch) {
        ConvGeometry t = g.transposed();
        Kernel kernel = new Kernel(t, flipTranspose(w, g.out(), g.in(), g.kernel()));
        int p = g.padding();
        parallel.forEachChunk(g.batch(), CHUNK, (from, to) -> {
            int chunk = from / CHUNK;
            float[] padded = ConvScratch.of(scratch, ConvScratch.INPUT_PADDED, chunk, t.paddedSample(SUM_LANES));
            float[] wide = ConvScratch.of(scratch, ConvScratch.INPUT_WIDE, chunk, kernel.wideLength());
            for (int n = from; n < to; n++) {
                pad(dy, n * t.in() * t.inPlane(), t.in(), t.height(), t.width(), t.padding(), padded);
                kernel.apply(padded, wide);
                // The full convolution covers the padded input; the forward padding is cropped off again.
                int base = n * g.in() * g.inPlane();
                int wp = t.paddedWidth();
                for (int c = 0; c < g.in(); c++) {
                    int src = c * t.widePlane(SUM_LANES) + p * wp + p;
                    int dst = base + c * g.inPlane();
                    for (int row = 0; row < g.height(); row++) {
                        System.arraycopy(wide, src + row * wp, dx, dst + row * g.width(), g.width());
                    }
                }
            }
        });
    }

    /**
     * The gradients with respect to the weights ({@code dw}, overwritten) and the bias ({@code db}, overwritten; may
     * be null).
     */
    static void backwardWeights(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] db, WorkerPool parallel) {
        backwardWeights(g, x, dy, dw, db, parallel, null);
    }

    /** {@link #backwardWeights}, reusing {@code scratch}'s arrays (may be null). */
    static void backwardWeights(ConvGeometry g, float[] x, float[] dy, float[] dw, float[] db, WorkerPool parallel,
                                ConvScratch scratch) {
        int chunks = (g.batch() + CHUNK - 1) / CHUNK;
        int weights = g.out() * g.in() * g.kernelArea();
        // Per chunk, 16 logical partial sums per weight (and per bias), added up in the chunk's own task; the chunks'
        // sums are then added in chunk order.
        float[][] partialW = new float[chunks][];
        float[][] partialB = new float[chunks][];
        parallel.forEachChunk(g.batch(), CHUNK, (from, to) -> {
            int chunk = from / CHUNK;
            float[] accW = ConvScratch.of(scratch, ConvScratch.WEIGHT_ACC, chunk, weights * SUM_LANES);
            float[] accB = ConvScratch.of(scratch, ConvScratch.BIAS_ACC, chunk, g.out() * SUM_LANES);
            Arrays.fill(accW, 0f);
            Arrays.fill(accB, 0f);
            float[] padded = ConvScratch.of(scratch, ConvScratch.WEIGHT_PADDED, chunk, g.paddedSample(SUM_LANES));
            float[] wideDy = ConvScratch.of(scratch, ConvScratch.WEIGHT_WIDE_DY, chunk,
                    g.out() * g.widePlane(SUM_LANES));
            for (int n = from; n < to; n++) {
                pad(x, n * g.in() * g.inPlane(), g.in(), g.height(), g.width(), g.padding(), padded);
                widen(g, dy, n * g.out() * g.outPlane(), wideDy);
                accumulateWeightGradient(g, padded, wideDy, accW);
                accumulateBiasGradient(g, wideDy, accB);
            }
            foldLanes(accW, weights);
            foldLanes(accB, g.out());
            partialW[from / CHUNK] = accW;
            partialB[from / CHUNK] = accB;
        });
        reduce(partialW, weights, dw);
        if (db != null) reduce(partialB, g.out(), db);
    }

    // ------------------------------------------------------------------------------------------------ kernels

    /**
     * A convolution's weights laid out for the kernels, prepared once per batch: output channels in blocks of four,
     * the last block padded with zero weights (6, 7, 10 or 14 channels run at the speed of 8, 8, 12 or 16 rather
     * than one slow channel at a time; the padded channels' planes are computed and never read).
     */
    private static final class Kernel {
        final ConvGeometry g;
        final int[] taps;
        final float[][] fourBlocks;

        Kernel(ConvGeometry g, float[] w) {
            this.g = g;
            this.taps = tapOffsets(g);
            this.fourBlocks = new float[(g.out() + 3) / 4][];
            for (int b = 0; b < fourBlocks.length; b++) fourBlocks[b] = packFour(w, 4 * b, g.out(), taps.length);
        }

        /** Floats of the wide output scratch: whole blocks of four planes. */
        int wideLength() {
            return fourBlocks.length * 4 * g.widePlane(SUM_LANES);
        }

        /** Every output channel of one padded sample, wide layout. */
        void apply(float[] padded, float[] wide) {
            for (int b = 0; b < fourBlocks.length; b++) fourChannels(g, padded, fourBlocks[b], taps, 4 * b, wide);
        }
    }

    /**
     * Where each (input channel, tap) of the kernel reads in the padded sample. One flat loop over these keeps the
     * accumulators in registers; C2 boxes vectors carried across nested loops.
     */
    private static int[] tapOffsets(ConvGeometry g) {
        int area = g.kernelArea();
        int[] taps = new int[g.in() * area];
        for (int c = 0; c < g.in(); c++) {
            for (int t = 0; t < area; t++) {
                taps[c * area + t] = c * g.paddedPlane() + (t / g.kernel()) * g.paddedWidth() + t % g.kernel();
            }
        }
        return taps;
    }

    /** The weights of output channels k..k+3, interleaved: {@code [tap][4]}; zeros for channels past {@code out}. */
    private static float[] packFour(float[] w, int k, int out, int perChannel) {
        float[] packed = new float[4 * perChannel];
        for (int j = 0; j < perChannel; j++) {
            for (int q = 0; q < 4 && k + q < out; q++) packed[4 * j + q] = w[(k + q) * perChannel + j];
        }
        return packed;
    }

    private static void fourChannels(ConvGeometry g, float[] xp, float[] packed, int[] taps, int k, float[] wide) {
        int outPlane = g.widePlane(SUM_LANES);
        for (int s = 0; s < outPlane; s += 2 * LANES) {
            FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int j = 0; j < taps.length; j++) {
                int at = taps[j] + s;
                FloatVector u = FloatVector.fromArray(SPECIES, xp, at);
                FloatVector v = FloatVector.fromArray(SPECIES, xp, at + LANES);
                FloatVector w0 = FloatVector.broadcast(SPECIES, packed[4 * j]);
                FloatVector w1 = FloatVector.broadcast(SPECIES, packed[4 * j + 1]);
                FloatVector w2 = FloatVector.broadcast(SPECIES, packed[4 * j + 2]);
                FloatVector w3 = FloatVector.broadcast(SPECIES, packed[4 * j + 3]);
                a0 = u.fma(w0, a0);
                b0 = v.fma(w0, b0);
                a1 = u.fma(w1, a1);
                b1 = v.fma(w1, b1);
                a2 = u.fma(w2, a2);
                b2 = v.fma(w2, b2);
                a3 = u.fma(w3, a3);
                b3 = v.fma(w3, b3);
            }
            int o = k * outPlane + s;
            a0.intoArray(wide, o);
            b0.intoArray(wide, o + LANES);
            a1.intoArray(wide, o + outPlane);
            b1.intoArray(wide, o + outPlane + LANES);
            a2.intoArray(wide, o + 2 * outPlane);
            b2.intoArray(wide, o + 2 * outPlane + LANES);
            a3.intoArray(wide, o + 3 * outPlane);
            b3.intoArray(wide, o + 3 * outPlane + LANES);
        }
    }

    /**
     * Adds one sample's weight gradient into {@code acc} ({@code [out][in][k][k][16]}, {@link Lanes}' logical lanes):
     * each weight is the dot product of an output-gradient plane with the input plane shifted by the weight's tap.
     * Pass {@code r} of {@link Lanes#PARTS} covers logical lanes {@code r*LANES ..} and strides by 16 pixels, so
     * logical lane {@code l} adds pixels {@code l, l+16, l+32, ...} in that order on every vector width.
     */
    private static void accumulateWeightGradient(ConvGeometry g, float[] xp, float[] wideDy, float[] acc) {
        if (g.kernel() == 3) {
            accumulateWeightGradient3x3(g, xp, wideDy, acc);
            return;
        }
        int in = g.in(), kernel = g.kernel(), area = g.kernelArea(), wp = g.paddedWidth(), plane = g.paddedPlane();
        int outPlane = g.widePlane(SUM_LANES);
        int out = g.out();
        int step = in * area * SUM_LANES;
        for (int c = 0; c < in; c++) {
            for (int t = 0; t < area; t++) {
                int xBase = c * plane + (t / kernel) * wp + t % kernel;
                for (int r = 0; r < PARTS; r++) {
                    int lane = r * LANES;
                    int k = 0;
                    for (; k + 4 <= out; k += 4) {
                        int i0 = ((k * in + c) * area + t) * SUM_LANES + lane;
                        FloatVector a0 = FloatVector.fromArray(SPECIES, acc, i0);
                        FloatVector a1 = FloatVector.fromArray(SPECIES, acc, i0 + step);
                        FloatVector a2 = FloatVector.fromArray(SPECIES, acc, i0 + 2 * step);
                        FloatVector a3 = FloatVector.fromArray(SPECIES, acc, i0 + 3 * step);
                        int d0 = k * outPlane;
                        for (int s = lane; s < outPlane; s += SUM_LANES) {
                            FloatVector v = FloatVector.fromArray(SPECIES, xp, xBase + s);
                            a0 = FloatVector.fromArray(SPECIES, wideDy, d0 + s).fma(v, a0);
                            a1 = FloatVector.fromArray(SPECIES, wideDy, d0 + outPlane + s).fma(v, a1);
                            a2 = FloatVector.fromArray(SPECIES, wideDy, d0 + 2 * outPlane + s).fma(v, a2);
                            a3 = FloatVector.fromArray(SPECIES, wideDy, d0 + 3 * outPlane + s).fma(v, a3);
                        }
                        a0.intoArray(acc, i0);
                        a1.intoArray(acc, i0 + step);
                        a2.intoArray(acc, i0 + 2 * step);
                        a3.intoArray(acc, i0 + 3 * step);
                    }
                    for (; k < out; k++) {
                        int i0 = ((k * in + c) * area + t) * SUM_LANES + lane;
                        FloatVector a = FloatVector.fromArray(SPECIES, acc, i0);
                        for (int s = lane; s < outPlane; s += SUM_LANES) {
                            a = FloatVector.fromArray(SPECIES, wideDy, k * outPlane + s)
                                    .fma(FloatVector.fromArray(SPECIES, xp, xBase + s), a);
                        }
                        a.intoArray(acc, i0);
                    }
                }
            }
        }
    }

    /**
     * {@link #accumulateWeightGradient} for 3x3 kernels, one kernel row at a time: three output channels times the
     * row's three taps are nine independent sums (enough to keep both FMA units busy through their latency), and each
     * loaded output-gradient vector serves three taps. Same sums, same order per logical lane as the general loop.
     */
    private static void accumulateWeightGradient3x3(ConvGeometry g, float[] xp, float[] wideDy, float[] acc) {
        int in = g.in(), wp = g.paddedWidth(), plane = g.paddedPlane(), out = g.out();
        int outPlane = g.widePlane(SUM_LANES);
        int kStep = in * 9 * SUM_LANES; // from one output channel's accumulators to the next's
        for (int c = 0; c < in; c++) {
            for (int ky = 0; ky < 3; ky++) {
                int xRow = c * plane + ky * wp;
                for (int r = 0; r < PARTS; r++) {
                    int lane = r * LANES;
                    int k = 0;
                    for (; k + 3 <= out; k += 3) {
                        int i0 = ((k * in + c) * 9 + ky * 3) * SUM_LANES + lane;
                        int i1 = i0 + kStep, i2 = i1 + kStep;
                        FloatVector a00 = FloatVector.fromArray(SPECIES, acc, i0);
                        FloatVector a01 = FloatVector.fromArray(SPECIES, acc, i0 + SUM_LANES);
                        FloatVector a02 = FloatVector.fromArray(SPECIES, acc, i0 + 2 * SUM_LANES);
                        FloatVector a10 = FloatVector.fromArray(SPECIES, acc, i1);
                        FloatVector a11 = FloatVector.fromArray(SPECIES, acc, i1 + SUM_LANES);
                        FloatVector a12 = FloatVector.fromArray(SPECIES, acc, i1 + 2 * SUM_LANES);
                        FloatVector a20 = FloatVector.fromArray(SPECIES, acc, i2);
                        FloatVector a21 = FloatVector.fromArray(SPECIES, acc, i2 + SUM_LANES);
                        FloatVector a22 = FloatVector.fromArray(SPECIES, acc, i2 + 2 * SUM_LANES);
                        int d0 = k * outPlane, d1 = d0 + outPlane, d2 = d1 + outPlane;
                        for (int s = lane; s < outPlane; s += SUM_LANES) {
                            FloatVector g0 = FloatVector.fromArray(SPECIES, wideDy, d0 + s);
                            FloatVector g1 = FloatVector.fromArray(SPECIES, wideDy, d1 + s);
                            FloatVector g2 = FloatVector.fromArray(SPECIES, wideDy, d2 + s);
                            FloatVector x0 = FloatVector.fromArray(SPECIES, xp, xRow + s);
                            a00 = g0.fma(x0, a00);
                            a10 = g1.fma(x0, a10);
                            a20 = g2.fma(x0, a20);
                            FloatVector x1 = FloatVector.fromArray(SPECIES, xp, xRow + s + 1);
                            a01 = g0.fma(x1, a01);
                            a11 = g1.fma(x1, a11);
                            a21 = g2.fma(x1, a21);
                            FloatVector x2 = FloatVector.fromArray(SPECIES, xp, xRow + s + 2);
                            a02 = g0.fma(x2, a02);
                            a12 = g1.fma(x2, a12);
                            a22 = g2.fma(x2, a22);
                        }
                        a00.intoArray(acc, i0);
                        a01.intoArray(acc, i0 + SUM_LANES);
                        a02.intoArray(acc, i0 + 2 * SUM_LANES);
                        a10.intoArray(acc, i1);
                        a11.intoArray(acc, i1 + SUM_LANES);
                        a12.intoArray(acc, i1 + 2 * SUM_LANES);
                        a20.intoArray(acc, i2);
                        a21.intoArray(acc, i2 + SUM_LANES);
                        a22.intoArray(acc, i2 + 2 * SUM_LANES);
                    }
                    for (; k < out; k++) {
                        int i0 = ((k * in + c) * 9 + ky * 3) * SUM_LANES + lane;
                        FloatVector a0 = FloatVector.fromArray(SPECIES, acc, i0);
                        FloatVector a1 = FloatVector.fromArray(SPECIES, acc, i0 + SUM_LANES);
                        FloatVector a2 = FloatVector.fromArray(SPECIES, acc, i0 + 2 * SUM_LANES);
                        int d0 = k * outPlane;
                        for (int s = lane; s < outPlane; s += SUM_LANES) {
                            FloatVector g0 = FloatVector.fromArray(SPECIES, wideDy, d0 + s);
                            a0 = g0.fma(FloatVector.fromArray(SPECIES, xp, xRow + s), a0);
                            a1 = g0.fma(FloatVector.fromArray(SPECIES, xp, xRow + s + 1), a1);
                            a2 = g0.fma(FloatVector.fromArray(SPECIES, xp, xRow + s + 2), a2);
                        }
                        a0.intoArray(acc, i0);
                        a1.intoArray(acc, i0 + SUM_LANES);
                        a2.intoArray(acc, i0 + 2 * SUM_LANES);
                    }
                }
            }
        }
    }

    private static void accumulateBiasGradient(ConvGeometry g, float[] wideDy, float[] acc) {
        int outPlane = g.widePlane(SUM_LANES);
        for (int k = 0; k < g.out(); k++) {
            for (int r = 0; r < PARTS; r++) {
                int lane = r * LANES;
                FloatVector a = FloatVector.fromArray(SPECIES, acc, k * SUM_LANES + lane);
                for (int s = lane; s < outPlane; s += SUM_LANES) {
                    a = a.add(FloatVector.fromArray(SPECIES, wideDy, k * outPlane + s));
                }
                a.intoArray(acc, k * SUM_LANES + lane);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ layout

    /** Copies one sample's planes into the zero-padded scratch; the border and the tail stay zero from allocation. */
    private static void pad(float[] src, int offset, int channels, int h, int w, int p, float[] dst) {
        int wp = w + 2 * p, plane = (h + 2 * p) * wp;
        for (int c = 0; c < channels; c++) {
            int s = offset + c * h * w, d = c * plane + p * wp + p;
            if (p == 0) {
                System.arraycopy(src, s, dst, d, h * w);
            } else {
                for (int row = 0; row < h; row++) System.arraycopy(src, s + row * w, dst, d + row * wp, w);
            }
        }
    }

    /** Output planes from the wide layout, junk columns dropped, bias added. */
    private static void crop(ConvGeometry g, float[] wide, float[] bias, float[] y, int offset) {
        int wp = g.paddedWidth(), oh = g.outHeight(), ow = g.outWidth(), outPlane = g.widePlane(SUM_LANES);
        for (int k = 0; k < g.out(); k++) {
            int dst = offset + k * oh * ow;
            for (int row = 0; row < oh; row++) {
                System.arraycopy(wide, k * outPlane + row * wp, y, dst + row * ow, ow);
            }
            if (bias != null && bias[k] != 0f) {
                float b = bias[k];
                for (int i = dst; i < dst + oh * ow; i++) y[i] += b;
            }
        }
    }

    /** One sample's output gradient in the wide layout, with zeros in the junk columns so they add nothing. */
    private static void widen(ConvGeometry g, float[] dy, int offset, float[] wide) {
        int wp = g.paddedWidth(), oh = g.outHeight(), ow = g.outWidth(), outPlane = g.widePlane(SUM_LANES);
        for (int k = 0; k < g.out(); k++) {
            for (int row = 0; row < oh; row++) {
                System.arraycopy(dy, offset + (k * oh + row) * ow, wide, k * outPlane + row * wp, ow);
            }
        }
    }

    /** {@code w'[c][k][ky][kx] = w[k][c][K-1-ky][K-1-kx]}: the kernel of the input-gradient convolution. */
    private static float[] flipTranspose(float[] w, int out, int in, int kernel) {
        int area = kernel * kernel;
        float[] f = new float[w.length];
        for (int k = 0; k < out; k++) {
            for (int c = 0; c < in; c++) {
                for (int t = 0; t < area; t++) f[(c * out + k) * area + (area - 1 - t)] = w[(k * in + c) * area + t];
            }
        }
        return f;
    }

    /**
     * {@code acc[i] = Lanes.sum(acc, 16 i)} for the first {@code count} sums, in place: sum {@code i}'s lanes start at
     * {@code 16 i >= i}, so each write lands on lanes already added.
     */
    private static void foldLanes(float[] acc, int count) {
        for (int i = 0; i < count; i++) acc[i] = Lanes.sum(acc, i * SUM_LANES);
    }

    /** The chunks' sums ({@link #foldLanes folded}) added in chunk order. */
    private static void reduce(float[][] partials, int count, float[] result) {
        Arrays.fill(result, 0, count, 0f);
        for (float[] p : partials) {
            for (int i = 0; i < count; i++) result[i] += p[i];
        }
    }
}
