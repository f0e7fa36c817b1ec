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
 * <p>How: each sample's plane is copied into a zero-padded scratch plane, and the result is computed "wide": as one
 * flat run over its rows at the padded plane's row length {@code S}, where position {@code m = i·S + j} reads the
 * padded plane at {@code m + d·(ky·S + kx)} for every tap ({@code d} the dilation). The {@code d·(k - 1)} columns
 * past each row's end are junk, cropped away, so a small map (6x6 after two poolings) wastes little of each vector.
 * The forward pass and the input gradient are the same correlation (the gradient with the kernel turned half a turn,
 * on the output gradient padded by {@code d·(k - 1) - padding}); each output is one chain of fused multiply-adds
 * from the bias, taps in reading order. The weight and bias gradients sum the same wide run (the junk columns of the
 * output gradient zero): position {@code m} always into logical lane {@code m % 16} ({@link Lanes}), samples in
 * order, one channel per task. So the bits are the same on every vector width and thread count.
 */
final class DepthwiseConvLayer extends JavaLayer {

    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    private static final int L = Lanes.SUM_LANES;

    private final WorkerPool parallel;
    private final int k;
    private final int padding;
    /** The reach of the kernel beyond its first tap: {@code dilation·(k - 1)}. */
    private final int reach;
    private final boolean relu;
    private final WeightsAndBias p;
    /** Row length of the padded input (forward pass, weight gradient) and of the padded output gradient. */
    private final int forwardStride;
    private final int backwardStride;
    /** Each tap's shift, {@code ky·stride + kx}, in the padded input and in the padded output gradient. */
    private final int[] forwardOffsets;
    private final int[] backwardOffsets;
    /** Floats of every scratch plane: the padded rows, and what the wide run's last vector reads past them. */
    private final int planeLength;
    private float[][][] scratch = new float[0][][]; // [slot][purpose]

    /**
     * @param weights DL4J's {@code [k][k][channels][1]} weights, re-indexed here to {@code [channel][k][k]}
     */
    DepthwiseConvLayer(String name, Dims in, int kernel, int padding, int dilation, boolean relu, ParamSlot weights,
                       ParamSlot bias, WorkerPool parallel) {
        super(name, in, output(name, in, kernel, padding, dilation));
        if (weights.length() != in.channels() * kernel * kernel) {
            throw new IllegalArgumentException(name + ": " + weights.length() + " weights for " + this);
        }
        if (bias != null && bias.length() != in.channels()) {
            throw new IllegalArgumentException(name + ": " + bias.length() + " biases for " + in.channels() + " maps");
        }
        this.parallel = parallel;
        this.k = kernel;
        this.padding = padding;
        this.reach = dilation * (kernel - 1);
        this.relu = relu;
        this.p = new WeightsAndBias(channelFirst(weights, in.channels(), kernel), bias);
        this.forwardStride = in.width() + 2 * padding;
        this.backwardStride = out.width() + 2 * (reach - padding);
        this.forwardOffsets = offsets(kernel, dilation, forwardStride);
        this.backwardOffsets = offsets(kernel, dilation, backwardStride);
        int rows = Math.max(in.height() + 2 * padding, out.height() + 2 * (reach - padding)) + reach + 2;
        this.planeLength = rows * Math.max(forwardStride, backwardStride) + 2 * L;
    }

    private static Dims output(String name, Dims in, int kernel, int padding, int dilation) {
        int reach = dilation * (kernel - 1);
        if (kernel < 1 || dilation < 1 || padding < 0 || padding > reach) {
            throw new IllegalArgumentException(name + ": kernel " + kernel + ", dilation " + dilation + ", padding "
                    + padding + " (kernel and dilation at least 1, padding at most the reach dilation·(kernel - 1))");
        }
        if (in.height() + 2 * padding - reach < 1 || in.width() + 2 * padding - reach < 1) {
            throw new IllegalArgumentException(name + ": a kernel spanning " + (reach + 1) + " pixels does not fit "
                    + in);
        }
        return new Dims(in.channels(), in.height() + 2 * padding - reach, in.width() + 2 * padding - reach);
    }

    private static int[] offsets(int k, int dilation, int stride) {
        int[] offsets = new int[k * k];
        for (int t = 0; t < k * k; t++) offsets[t] = dilation * (t / k * stride + t % k);
        return offsets;
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
            int slot = from / VectorConv2d.CHUNK;
            float[] padded = scratch(slot, INPUT), wide = scratch(slot, WIDE), taps = scratch(slot, LANES);
            for (int plane = from * planes; plane < to * planes; plane++) {
                int c = plane % planes;
                pad(x, plane * in.plane(), in.height(), in.width(), padding, forwardStride, padded);
                correlate(padded, forwardOffsets, c, false, p.b == null ? 0f : p.b[c], out, wide, taps);
                crop(wide, forwardStride, out, y, plane * out.plane());
            }
            if (relu) Elementwise.relu(y, from * out.size(), to * out.size());
        });
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        if (relu) Elementwise.reluGradient(y, dy, dy, n * out.size(), parallel);
        int planes = in.channels();
        if (dx != null) {
            parallel.forEachChunk(n, VectorConv2d.CHUNK, (from, to) -> {
                int slot = from / VectorConv2d.CHUNK;
                float[] padded = scratch(slot, GRADIENT), wide = scratch(slot, WIDE), taps = scratch(slot, LANES);
                for (int plane = from * planes; plane < to * planes; plane++) {
                    pad(dy, plane * out.plane(), out.height(), out.width(), reach - padding, backwardStride, padded);
                    correlate(padded, backwardOffsets, plane % planes, true, 0f, in, wide, taps);
                    crop(wide, backwardStride, in, dx, plane * in.plane());
                }
            });
        }
        // One task per channel: each weight's sum over the whole batch in one fixed order.
        int chunks = (n + VectorConv2d.CHUNK - 1) / VectorConv2d.CHUNK;
        parallel.forEachChunk(planes, 1, (from, to) -> {
            int slot = chunks + from;
            for (int c = from; c < to; c++) {
                weightGradient(x, dy, n, c, scratch(slot, INPUT), scratch(slot, WIDE_GRADIENT), scratch(slot, LANES));
            }
        });
        p.storeGradients(flatGrads);
    }

    /**
     * The wide result of one plane: {@code wide[m] = bias + sum over taps of w[tap] * padded[m + ky·stride + kx]}
     * for {@code m < size.height() · stride}, taps in reading order ({@code turned}: the kernel read back to front).
     */
    private void correlate(float[] padded, int[] offsets, int c, boolean turned, float bias, Dims size, float[] wide,
                           float[] taps) {
        int kk = k * k, end = size.height() * (turned ? backwardStride : forwardStride);
        for (int t = 0; t < kk; t++) taps[t] = p.w[c * kk + (turned ? kk - 1 - t : t)];
        FloatVector start = FloatVector.broadcast(S, bias);
        for (int m = 0; m < end; m += S.length()) {
            FloatVector acc = start;
            for (int t = 0; t < kk; t++) {
                acc = FloatVector.fromArray(S, padded, m + offsets[t]).fma(FloatVector.broadcast(S, taps[t]), acc);
            }
            acc.intoArray(wide, m);
        }
    }

    /** The {@code size} rows of a wide result, less their junk columns, to {@code y[at..]}. */
    private static void crop(float[] wide, int stride, Dims size, float[] y, int at) {
        for (int i = 0; i < size.height(); i++) {
            System.arraycopy(wide, i * stride, y, at + i * size.width(), size.width());
        }
    }

    /**
     * Channel {@code c}'s weight and bias gradients: over the batch, the output gradient's wide run (junk columns
     * zero) times the padded input's, shifted for each tap; position {@code m} of every sample into logical lane
     * {@code m % 16}, the lanes added by {@link Lanes#sum}.
     */
    private void weightGradient(float[] x, float[] dy, int n, int c, float[] padded, float[] wideDy, float[] acc) {
        int kk = k * k, planes = in.channels(), stride = forwardStride;
        int end = (out.height() * stride + L - 1) / L * L;
        Arrays.fill(acc, 0f); // the lanes of each tap, then of the bias
        for (int s = 0; s < n; s++) {
            int plane = s * planes + c;
            pad(x, plane * in.plane(), in.height(), in.width(), padding, stride, padded);
            pad(dy, plane * out.plane(), out.height(), out.width(), 0, stride, wideDy);
            for (int t = 0; t < kk; t++) {
                int shift = forwardOffsets[t];
                for (int part = 0; part < L; part += S.length()) {
                    FloatVector sum = FloatVector.fromArray(S, acc, t * L + part);
                    for (int m = part; m < end; m += L) {
                        sum = FloatVector.fromArray(S, wideDy, m).fma(FloatVector.fromArray(S, padded, m + shift), sum);
                    }
                    sum.intoArray(acc, t * L + part);
                }
            }
            for (int part = 0; part < L; part += S.length()) {
                FloatVector sum = FloatVector.fromArray(S, acc, kk * L + part);
                for (int m = part; m < end; m += L) sum = sum.add(FloatVector.fromArray(S, wideDy, m));
                sum.intoArray(acc, kk * L + part);
            }
        }
        for (int t = 0; t < kk; t++) p.dw[c * kk + t] = Lanes.sum(acc, t * L);
        if (p.db != null) p.db[c] = Lanes.sum(acc, kk * L);
    }

    /**
     * Plane {@code src[at..]} ({@code h x w}) into {@code padded} with row length {@code stride}, {@code pad} zeros
     * above and to the left. Only the plane's own places are written: each scratch plane serves one purpose, with one
     * row length, so its borders and junk columns stay zero from its allocation on.
     */
    private static void pad(float[] src, int at, int h, int w, int pad, int stride, float[] padded) {
        for (int i = 0; i < h; i++) System.arraycopy(src, at + i * w, padded, (i + pad) * stride + pad, w);
    }

    private static final int INPUT = 0;
    private static final int GRADIENT = 1;
    private static final int WIDE = 2;
    private static final int WIDE_GRADIENT = 3;
    private static final int LANES = 4;

    /**
     * Scratch array {@code purpose} of one slot, allocated when first asked for: the padded input, the padded output
     * gradient, a wide result, the wide output gradient, and the weight gradient's lanes (in the other passes, the
     * plane's taps in the order they are read). Slots: one per chunk of the batch in the forward and input passes,
     * then one per channel in the weight pass, so no two tasks share one.
     */
    private synchronized float[] scratch(int slot, int purpose) {
        if (scratch.length <= slot) scratch = Arrays.copyOf(scratch, Math.max(slot + 1, 2 * scratch.length));
        if (scratch[slot] == null) scratch[slot] = new float[LANES + 1][];
        if (scratch[slot][purpose] == null) {
            scratch[slot][purpose] = new float[purpose == LANES ? (k * k + 1) * L : planeLength];
        }
        return scratch[slot][purpose];
    }
}
