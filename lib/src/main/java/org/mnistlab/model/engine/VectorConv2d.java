package org.mnistlab.model.engine;

import java.util.Arrays;

/**
 * Stride-1 2-D convolution on plain float arrays (NCHW activations, weights {@code [out][in][k][k]}), forward and
 * both gradients, written with the JDK's Vector API.
 *
 * <p>Why this exists: the tutorial's layers have 1-16 channels. oneDNN and ND4J's im2col + GEMM are built for wide
 * layers; at 8 channels they spend more time reshaping than multiplying. Here each output pixel row is computed
 * directly: for a block of output channels and two vectors of output pixels, every kernel tap is one shifted read of
 * the padded input and one fused multiply-add per channel and vector into registers ({@link ConvKernel}; see
 * {@link ConvGeometry} for the layout). The weight gradient is {@link ConvWeightGradient}'s.
 *
 * <p>Determinism: the batch is cut into fixed chunks of {@value #CHUNK} samples, which threads take in any order;
 * every output element is summed in one fixed order, and the weight gradient adds the chunks' partial sums in chunk
 * order. The weight and bias gradients' sums over pixels follow {@link Lanes}' fixed logical layout. So the result
 * depends on the data only: not on the number of threads, their timing, or the CPU's vector width.
 */
final class VectorConv2d {

    private static final int SUM_LANES = Lanes.SUM_LANES;
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
        forward(g, x, w, bias, false, y, parallel, scratch);
    }

    /**
     * {@link #forward}, then {@code y = max(y, 0)} when {@code relu}: each sample's outputs while they are in the
     * cache, instead of a second pass over the batch.
     */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, boolean relu, float[] y,
                        WorkerPool parallel, ConvScratch scratch) {
        ConvKernel kernel = new ConvKernel(g, w);
        parallel.forEachChunk(g.batch(), CHUNK, (from, to) -> {
            int chunk = from / CHUNK;
            float[] padded = ConvScratch.of(scratch, ConvScratch.FORWARD_PADDED, chunk, g.paddedSample(SUM_LANES));
            float[] wide = ConvScratch.of(scratch, ConvScratch.FORWARD_WIDE, chunk, kernel.wideLength());
            for (int n = from; n < to; n++) {
                pad(x, n * g.in() * g.inPlane(), g.in(), g.height(), g.width(), g.padding(), padded);
                kernel.apply(padded, wide);
                int at = n * g.out() * g.outPlane();
                crop(g, wide, bias, y, at);
                if (relu) Elementwise.relu(y, at, at + g.out() * g.outPlane());
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
        InputPass input = new InputPass(g, dy, w, dx, scratch);
        parallel.forEachChunk(g.batch(), CHUNK, input::chunk);
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
        WeightPass weights = new WeightPass(g, x, dy, scratch);
        parallel.forEachChunk(g.batch(), CHUNK, weights::chunk);
        weights.finish(dw, db);
    }

    /**
     * {@link #backwardWeights} and, unless {@code dx} is null, {@link #backwardInput} in one pass over the batch: each
     * chunk's output gradient is read from memory once for both, while it is in the cache. The same sums. With
     * {@code reluOut} (the output of a ReLU folded into the layer; null: none), {@code dy} is first zeroed in place
     * where the ReLU did not pass its input, chunk by chunk.
     */
    static void backward(ConvGeometry g, float[] x, float[] reluOut, float[] dy, float[] w, float[] dw, float[] db,
                         float[] dx, WorkerPool parallel, ConvScratch scratch) {
        WeightPass weights = new WeightPass(g, x, dy, scratch);
        InputPass input = dx == null ? null : new InputPass(g, dy, w, dx, scratch);
        int sample = g.out() * g.outPlane();
        parallel.forEachChunk(g.batch(), CHUNK, (from, to) -> {
            if (reluOut != null) Elementwise.reluGradient(reluOut, dy, dy, from * sample, to * sample);
            weights.chunk(from, to);
            if (input != null) input.chunk(from, to);
        });
        weights.finish(dw, db);
    }

    /**
     * The input gradient, one chunk at a time: a full convolution of {@code dy} with the flipped kernel, the forward
     * padding cropped off again.
     */
    private static final class InputPass {
        private final ConvGeometry g;
        private final ConvGeometry t;
        private final ConvKernel kernel;
        private final float[] dy;
        private final float[] dx;
        private final ConvScratch scratch;

        InputPass(ConvGeometry g, float[] dy, float[] w, float[] dx, ConvScratch scratch) {
            this.g = g;
            this.t = g.transposed();
            this.kernel = new ConvKernel(t, flipTranspose(w, g.out(), g.in(), g.kernel()));
            this.dy = dy;
            this.dx = dx;
            this.scratch = scratch;
        }

        void chunk(int from, int to) {
            int chunk = from / CHUNK, p = g.padding(), wp = t.paddedWidth();
            float[] padded = ConvScratch.of(scratch, ConvScratch.INPUT_PADDED, chunk, t.paddedSample(SUM_LANES));
            float[] wide = ConvScratch.of(scratch, ConvScratch.INPUT_WIDE, chunk, kernel.wideLength());
            for (int n = from; n < to; n++) {
                pad(dy, n * t.in() * t.inPlane(), t.in(), t.height(), t.width(), t.padding(), padded);
                kernel.apply(padded, wide);
                int base = n * g.in() * g.inPlane();
                for (int c = 0; c < g.in(); c++) {
                    int src = c * t.widePlane(SUM_LANES) + p * wp + p;
                    int dst = base + c * g.inPlane();
                    for (int row = 0; row < g.height(); row++) {
                        System.arraycopy(wide, src + row * wp, dx, dst + row * g.width(), g.width());
                    }
                }
            }
        }
    }

    /**
     * The weight and bias gradients: per chunk, 16 logical partial sums per weight (and per bias), summed in the
     * chunk's own task ({@link ConvWeightGradient}); {@link #finish} then adds the chunks' sums in chunk order.
     */
    private static final class WeightPass {
        private final ConvGeometry g;
        private final float[] x;
        private final float[] dy;
        private final ConvScratch scratch;
        private final int weights;
        private final int xStride;
        private final int dyStride;
        private final ConvWeightGradient.Steps full;
        private final float[][] partialW;
        private final float[][] partialB;

        WeightPass(ConvGeometry g, float[] x, float[] dy, ConvScratch scratch) {
            this.g = g;
            this.x = x;
            this.dy = dy;
            this.scratch = scratch;
            this.weights = g.out() * g.in() * g.kernelArea();
            this.xStride = ConvWeightGradient.xStride(g);
            this.dyStride = ConvWeightGradient.dyStride(g);
            this.full = ConvWeightGradient.Steps.of(g, Math.min(CHUNK, g.batch()));
            int chunks = (g.batch() + CHUNK - 1) / CHUNK;
            this.partialW = new float[chunks][];
            this.partialB = new float[chunks][];
        }

        void chunk(int from, int to) {
            int chunk = from / CHUNK;
            float[] accW = ConvScratch.of(scratch, ConvScratch.WEIGHT_ACC, chunk, weights * SUM_LANES);
            float[] accB = ConvScratch.of(scratch, ConvScratch.BIAS_ACC, chunk, g.out() * SUM_LANES);
            float[] padded = ConvScratch.of(scratch, ConvScratch.WEIGHT_PADDED, chunk, CHUNK * xStride);
            float[] wideDy = ConvScratch.of(scratch, ConvScratch.WEIGHT_WIDE_DY, chunk, CHUNK * dyStride);
            for (int n = from; n < to; n++) {
                int i = n - from;
                pad(x, n * g.in() * g.inPlane(), g.in(), g.height(), g.width(), g.padding(), padded, i * xStride);
                widen(g, dy, n * g.out() * g.outPlane(), wideDy, i * dyStride);
            }
            ConvWeightGradient.Steps steps = to - from == full.samples() ? full
                    : ConvWeightGradient.Steps.of(g, to - from);
            ConvWeightGradient.accumulate(g, padded, wideDy, steps, accW, accB);
            foldLanes(accW, weights);
            foldLanes(accB, g.out());
            partialW[chunk] = accW;
            partialB[chunk] = accB;
        }

        void finish(float[] dw, float[] db) {
            reduce(partialW, weights, dw);
            if (db != null) reduce(partialB, g.out(), db);
        }
    }

    // ------------------------------------------------------------------------------------------------ layout

    /** Copies one sample's planes into the zero-padded scratch; the border and the tail stay zero from allocation. */
    private static void pad(float[] src, int offset, int channels, int h, int w, int p, float[] dst) {
        pad(src, offset, channels, h, w, p, dst, 0);
    }

    /** {@link #pad} into {@code dst} from {@code at} on. */
    private static void pad(float[] src, int offset, int channels, int h, int w, int p, float[] dst, int at) {
        int wp = w + 2 * p, plane = (h + 2 * p) * wp;
        for (int c = 0; c < channels; c++) {
            int s = offset + c * h * w, d = at + c * plane + p * wp + p;
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
    private static void widen(ConvGeometry g, float[] dy, int offset, float[] wide, int at) {
        int wp = g.paddedWidth(), oh = g.outHeight(), ow = g.outWidth(), outPlane = g.widePlane(SUM_LANES);
        for (int k = 0; k < g.out(); k++) {
            for (int row = 0; row < oh; row++) {
                System.arraycopy(dy, offset + (k * oh + row) * ow, wide, at + k * outPlane + row * wp, ow);
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
