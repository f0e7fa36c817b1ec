package org.mnistlab.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * A depthwise convolution, stride 1: every channel convolved with its own {@code k x k} kernel, channels never mixed
 * (PyTorch's {@code Conv2d} with {@code groups = channels}, DL4J's {@code DepthwiseConvolution2D} with depth
 * multiplier 1). Followed by a 1x1 convolution it is a depthwise-separable convolution: 9·C + C·C' weights instead
 * of 9·C·C'.
 *
 * <p>How: each sample's plane is copied into a zero-padded scratch plane whose rows are whole groups of
 * {@value Lanes#SUM_LANES} columns, so every tap is one shifted, unmasked vector read. The forward pass and the input
 * gradient are the same correlation (the gradient with the kernel turned half a turn, on the padded output
 * gradient); each output is one chain of fused multiply-adds, taps in reading order. The weight and bias gradients
 * sum over samples, rows and column groups, column {@code j} always into logical lane {@code j % 16} ({@link Lanes}),
 * one channel per task: the same bits on every vector width and thread count.
 */
final class DepthwiseConvLayer extends JavaLayer {

    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.SUM_LANES;

    private final WorkerPool parallel;
    private final int k;
    private final int padding;
    private final boolean relu;
    private final WeightsAndBias p;
    /** Row length of every padded plane: the output's columns rounded up to whole lane groups, plus the taps. */
    private final int stride;
    /** Output columns rounded up to whole lane groups. */
    private final int wideOut;
    private final int paddedRows;
    private float[][][] scratch = new float[0][][];

    /**
     * @param weights DL4J's {@code [k][k][channels][1]} weights, re-indexed here to {@code [channel][k][k]}
     */
    DepthwiseConvLayer(String name, Dims in, int kernel, int padding, boolean relu, ParamSlot weights, ParamSlot bias,
                       WorkerPool parallel) {
        super(name, in, new Dims(in.channels(), in.height() + 2 * padding - kernel + 1,
                in.width() + 2 * padding - kernel + 1));
        if (weights.length() != in.channels() * kernel * kernel) {
            throw new IllegalArgumentException(name + ": " + weights.length() + " weights for " + this);
        }
        this.parallel = parallel;
        this.k = kernel;
        this.padding = padding;
        this.relu = relu;
        this.p = new WeightsAndBias(channelFirst(weights, in.channels(), kernel), bias);
        this.wideOut = (out.width() + L - 1) / L * L;
        // The input gradient reads the output gradient padded by k - 1 - padding, which may exceed the input's; its
        // rows are the input's width, rounded up to whole lane groups.
        int margin = Math.max(padding, kernel - 1 - padding);
        int wideIn = (in.width() + L - 1) / L * L;
        this.stride = Math.max(wideIn, wideOut) + 2 * (kernel - 1 + margin);
        this.paddedRows = Math.max(in.height(), out.height()) + 2 * margin;
    }

    /** DL4J keeps a depthwise kernel as {@code [ky][kx][c]}; the kernels here read {@code [c][ky][kx]}. */
    private static ParamSlot channelFirst(ParamSlot dl4j, int channels, int k) {
        int[] index = new int[dl4j.length()];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < k * k; t++) index[c * k * k + t] = dl4j.index()[t * channels + c];
        }
        return new ParamSlot(dl4j.name(), index);
    }

    @Override
    void load(float[] flatParams) {
        p.load(flatParams);
    }

    @Override
    void forward(float[] x, float[] y, int n, boolean training, long seed) {
        int planes = in.channels();
        parallel.forEachChunk(n, VectorConv2d.CHUNK, (from, to) -> {
            float[][] buffers = buffers(from / VectorConv2d.CHUNK);
            float[] padded = buffers[0], row = buffers[1];
            for (int plane = from * planes; plane < to * planes; plane++) {
                int c = plane % planes;
                pad(x, plane * in.plane(), in.height(), in.width(), padding, padded);
                correlate(padded, p.w, c * k * k, false, p.b == null ? 0f : p.b[c], y, plane * out.plane(), row);
            }
            if (relu) Elementwise.relu(y, from * out.size(), to * out.size());
        });
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        if (relu) Elementwise.reluGradient(y, dy, dy, n * out.size(), parallel);
        int planes = in.channels();
        if (dx != null) {
            int q = k - 1 - padding; // the output gradient's padding for a full correlation
            parallel.forEachChunk(n, VectorConv2d.CHUNK, (from, to) -> {
                float[][] buffers = buffers(from / VectorConv2d.CHUNK);
                for (int plane = from * planes; plane < to * planes; plane++) {
                    pad(dy, plane * out.plane(), out.height(), out.width(), q, buffers[0]);
                    correlateInto(buffers[0], plane % planes, dx, plane * in.plane(), buffers[1]);
                }
            });
        }
        // One task per channel: each weight's sum over the whole batch in one fixed order.
        parallel.forEachChunk(planes, 1, (from, to) -> {
            float[][] buffers = buffers(scratchSlot(n) + from);
            for (int c = from; c < to; c++) weightGradient(x, dy, n, c, buffers[0], buffers[1], buffers[2]);
        });
        p.storeGradients(flatGrads);
    }

    /** dx for one plane: the correlation with the kernel turned half a turn, no bias, cropped to the input's size. */
    private void correlateInto(float[] paddedDy, int c, float[] dx, int at, float[] row) {
        correlate(paddedDy, p.w, c * k * k, true, 0f, dx, at, row, in.height(), in.width());
    }

    private void correlate(float[] padded, float[] w, int wAt, boolean turned, float bias, float[] y, int at,
                           float[] row) {
        correlate(padded, w, wAt, turned, bias, y, at, row, out.height(), out.width());
    }

    /**
     * {@code y[i][j] = bias + sum over taps of w[tap] * padded[i + ky][j + kx]}, taps in reading order, for an
     * {@code h x w} result at {@code y[at]}; {@code turned} reads the kernel back to front.
     */
    private void correlate(float[] padded, float[] w, int wAt, boolean turned, float bias, float[] y, int at,
                           float[] row, int h, int width) {
        int kk = k * k, groups = (width + L - 1) / L;
        for (int i = 0; i < h; i++) {
            for (int g = 0; g < groups * L; g += S.length()) {
                FloatVector acc = FloatVector.broadcast(S, bias);
                for (int t = 0; t < kk; t++) {
                    int ky = t / k, kx = t % k;
                    FloatVector tap = FloatVector.broadcast(S, w[wAt + (turned ? kk - 1 - t : t)]);
                    acc = FloatVector.fromArray(S, padded, (i + ky) * stride + g + kx).fma(tap, acc);
                }
                acc.intoArray(row, g);
            }
            System.arraycopy(row, 0, y, at + i * width, width);
        }
    }

    /**
     * Channel {@code c}'s weight and bias gradients: the sum over the batch of each tap's products, column {@code j}
     * of every row into logical lane {@code j % 16}, the lanes added by {@link Lanes#sum}.
     */
    private void weightGradient(float[] x, float[] dy, int n, int c, float[] padded, float[] wideDy, float[] acc) {
        int kk = k * k, planes = in.channels();
        Arrays.fill(acc, 0, (kk + 1) * L, 0f); // lanes of each tap, then of the bias
        for (int s = 0; s < n; s++) {
            int plane = s * planes + c;
            pad(x, plane * in.plane(), in.height(), in.width(), padding, padded);
            pad(dy, plane * out.plane(), out.height(), out.width(), 0, wideDy); // zeros past the last column
            for (int t = 0; t <= kk; t++) {
                int ky = t / k, kx = t % k;
                for (int part = 0; part < L; part += S.length()) {
                    FloatVector sum = FloatVector.fromArray(S, acc, t * L + part);
                    for (int i = 0; i < out.height(); i++) {
                        for (int g = 0; g < wideOut; g += L) {
                            FloatVector d = FloatVector.fromArray(S, wideDy, i * stride + g + part);
                            sum = t == kk ? sum.add(d)
                                    : d.fma(FloatVector.fromArray(S, padded, (i + ky) * stride + g + kx + part), sum);
                        }
                    }
                    sum.intoArray(acc, t * L + part);
                }
            }
        }
        for (int t = 0; t < kk; t++) p.dw[c * kk + t] = Lanes.sum(acc, t * L);
        if (p.db != null) p.db[c] = Lanes.sum(acc, kk * L);
    }

    /** Plane {@code src[at..]} ({@code h x w}) into {@code padded}, {@code pad} zeros above and to the left. */
    private void pad(float[] src, int at, int h, int w, int pad, float[] padded) {
        Arrays.fill(padded, 0f);
        for (int i = 0; i < h; i++) System.arraycopy(src, at + i * w, padded, (i + pad) * stride + pad, w);
    }

    /** Scratch slots: one per chunk of the batch in the forward and input passes, then one per channel. */
    private int scratchSlot(int n) {
        return (n + VectorConv2d.CHUNK - 1) / VectorConv2d.CHUNK;
    }

    /** The padded plane, a result row and the weight gradient's lanes of one slot (no two tasks share a slot). */
    private synchronized float[][] buffers(int slot) {
        if (scratch.length <= slot) scratch = Arrays.copyOf(scratch, Math.max(slot + 1, 2 * scratch.length));
        if (scratch[slot] == null) {
            // A read may reach L columns past a row's last group, and k - 1 rows below the last.
            int planeLength = (paddedRows + k) * stride + L;
            scratch[slot] = new float[][] {new float[planeLength], new float[planeLength],
                    new float[(k * k + 1) * L]};
        }
        return scratch[slot];
    }
}
