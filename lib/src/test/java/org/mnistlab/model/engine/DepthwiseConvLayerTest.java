package org.mnistlab.model.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.mnistlab.model.engine.VectorConv2dTest.assertClose;
import static org.mnistlab.model.engine.VectorConv2dTest.random;

/**
 * The depthwise convolution against the textbook loops (in double), and bit for bit against the order of operations
 * it promises: each output one chain of fused multiply-adds from the bias, the weight gradient's columns in
 * {@link Lanes}' logical lanes. Parameters are in DL4J's order, {@code [ky][kx][channel]}, then the bias.
 */
class DepthwiseConvLayerTest {

    record Shape(int batch, int channels, int height, int width, int kernel, int padding, int dilation) {
        Shape(int batch, int channels, int height, int width, int kernel, int padding) {
            this(batch, channels, height, width, kernel, padding, 1);
        }

        Dims in() {
            return new Dims(channels, height, width);
        }

        int outHeight() {
            return height + 2 * padding - dilation * (kernel - 1);
        }

        int outWidth() {
            return width + 2 * padding - dilation * (kernel - 1);
        }

        /** The input row (or column) that tap row (or column) {@code t} of output row {@code o} reads. */
        int reads(int o, int t) {
            return o + dilation * t - padding;
        }

        int taps() {
            return kernel * kernel;
        }

        /** x[n][c][i][j], zero outside the plane. */
        float x(float[] x, int n, int c, int i, int j) {
            return i < 0 || j < 0 || i >= height || j >= width ? 0f : x[((n * channels + c) * height + i) * width + j];
        }

        /** DL4J's place of channel c's tap t. */
        int weight(int c, int t) {
            return t * channels + c;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                new Shape(9, 6, 26, 26, 3, 1),  // 26 columns: a group of 16 and a part-filled one; 9 = chunk + 1
                new Shape(5, 10, 13, 13, 3, 0), // after the pool
                new Shape(3, 4, 17, 11, 5, 2),  // 5x5, non-square
                new Shape(4, 3, 6, 6, 5, 0),    // the input gradient pads by 4, more than the forward pass
                new Shape(2, 2, 7, 33, 3, 1),   // three groups of columns
                new Shape(6, 5, 12, 12, 3, 2, 2), // dilation 2: a 5x5 span, the map kept
                new Shape(3, 3, 10, 9, 3, 1, 3),  // dilation 3, padding less than the reach
                new Shape(2, 3, 3, 3, 3, 2),      // padding = reach: the input gradient's padding is 0
                new Shape(2, 2, 2, 2, 3, 4, 2),   // a 2x2 map, dilation 2, padding = reach 4
                new Shape(1, 2, 5, 5, 3, 0, 2)); // a 1x1 output
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void forwardAndGradientsMatchTheTextbookLoops(Shape s) {
        Random r = new Random(3);
        Forwarded f = forwarded(s, r);
        float[] x = f.x(), params = f.params(), y = f.y();
        DepthwiseConvLayer layer = f.layer();

        float[] dy = random(r, y.length);
        float[] dx = new float[x.length], grads = new float[params.length];
        layer.backward(x, y, dy.clone(), dx, s.batch(), grads);

        double[] expectedY = new double[y.length], expectedDx = new double[x.length];
        double[] expectedGrads = new double[params.length];
        int oh = s.outHeight(), ow = s.outWidth(), bias = s.channels() * s.taps();
        for (int n = 0; n < s.batch(); n++) {
            for (int c = 0; c < s.channels(); c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int o = ((n * s.channels() + c) * oh + i) * ow + j;
                        expectedY[o] = params[bias + c];
                        expectedGrads[bias + c] += dy[o];
                        for (int t = 0; t < s.taps(); t++) {
                            int yi = s.reads(i, t / s.kernel()), xj = s.reads(j, t % s.kernel());
                            double v = s.x(x, n, c, yi, xj), w = params[s.weight(c, t)];
                            expectedY[o] += w * v;
                            expectedGrads[s.weight(c, t)] += dy[o] * v;
                            if (yi >= 0 && xj >= 0 && yi < s.height() && xj < s.width()) {
                                expectedDx[((n * s.channels() + c) * s.height() + yi) * s.width() + xj] += w * dy[o];
                            }
                        }
                    }
                }
            }
        }
        assertClose(expectedY, y);
        assertClose(expectedDx, dx);
        assertClose(expectedGrads, grads);
    }

    /** Each output: from the bias, one fused multiply-add per tap in reading order; the promise that keeps its bits. */
    @ParameterizedTest
    @MethodSource("shapes")
    void forwardIsTheFusedMultiplyAddChainOfItsTaps(Shape s) {
        Forwarded f = forwarded(s, new Random(4));
        float[] x = f.x(), params = f.params(), y = f.y();
        float[] expected = new float[y.length];
        int o = 0;
        for (int n = 0; n < s.batch(); n++) {
            for (int c = 0; c < s.channels(); c++) {
                for (int i = 0; i < s.outHeight(); i++) {
                    for (int j = 0; j < s.outWidth(); j++) {
                        float acc = params[s.channels() * s.taps() + c];
                        for (int t = 0; t < s.taps(); t++) {
                            float v = s.x(x, n, c, s.reads(i, t / s.kernel()), s.reads(j, t % s.kernel()));
                            acc = Math.fma(v, params[s.weight(c, t)], acc);
                        }
                        expected[o++] = acc;
                    }
                }
            }
        }
        assertArrayEquals(expected, y);
    }

    /**
     * Each weight's gradient: output {@code (i, j)} of every sample into logical lane {@code (i·S + j) % 16}, where
     * {@code S} is the padded input's row length (the layer's wide layout), samples in order, the 16 lanes added by
     * {@link Lanes#sum}. Nothing in it depends on the vector width.
     */
    @ParameterizedTest
    @MethodSource("shapes")
    void weightGradientSumsInTheFixedLogicalLanes(Shape s) {
        Random r = new Random(5);
        Forwarded f = forwarded(s, r);
        float[] x = f.x(), params = f.params(), y = f.y();
        DepthwiseConvLayer layer = f.layer();
        float[] dy = random(r, y.length);
        float[] grads = new float[params.length];
        layer.backward(x, y, dy.clone(), null, s.batch(), grads);

        int oh = s.outHeight(), ow = s.outWidth();
        for (int c = 0; c < s.channels(); c++) {
            for (int t = 0; t < s.taps(); t++) {
                float[] lanes = new float[Lanes.SUM_LANES];
                for (int n = 0; n < s.batch(); n++) {
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            float d = dy[((n * s.channels() + c) * oh + i) * ow + j];
                            float v = s.x(x, n, c, s.reads(i, t / s.kernel()), s.reads(j, t % s.kernel()));
                            int lane = (i * (s.width() + 2 * s.padding()) + j) % 16;
                            lanes[lane] = Math.fma(d, v, lanes[lane]);
                        }
                    }
                }
                assertArrayEquals(new float[] {Lanes.sum(lanes, 0)}, new float[] {grads[s.weight(c, t)]},
                        "channel " + c + ", tap " + t);
            }
            float[] lanes = new float[Lanes.SUM_LANES]; // the bias: the output gradient alone, in the same lanes
            for (int n = 0; n < s.batch(); n++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int lane = (i * (s.width() + 2 * s.padding()) + j) % 16;
                        lanes[lane] += dy[((n * s.channels() + c) * oh + i) * ow + j];
                    }
                }
            }
            assertArrayEquals(new float[] {Lanes.sum(lanes, 0)}, new float[] {grads[s.channels() * s.taps() + c]},
                    "channel " + c + ", bias");
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void aFoldedReluGivesTheBitsOfASeparatePass(Shape s) {
        Random r = new Random(6);
        float[] x = random(r, s.batch() * s.in().size());
        float[] params = random(r, s.channels() * (s.taps() + 1));
        DepthwiseConvLayer plain = layer(s, false, new WorkerPool(2)), folded = layer(s, true, new WorkerPool(2));
        plain.load(params);
        folded.load(params);
        float[] y = new float[s.batch() * plain.out.size()], yRelu = new float[y.length];
        plain.forward(x, y, s.batch(), true, 0);
        folded.forward(x, yRelu, s.batch(), true, 0);
        float[] relu = y.clone();
        Elementwise.relu(relu, 0, relu.length);
        assertArrayEquals(relu, yRelu);

        float[] dy = random(r, y.length);
        float[] dyMasked = new float[dy.length];
        Elementwise.reluGradient(yRelu, dy, dyMasked, 0, dy.length);
        float[] dxPlain = new float[x.length], dxFolded = new float[x.length];
        float[] gPlain = new float[params.length], gFolded = new float[params.length];
        plain.backward(x, y, dyMasked, dxPlain, s.batch(), gPlain);
        folded.backward(x, yRelu, dy, dxFolded, s.batch(), gFolded);
        assertArrayEquals(dxPlain, dxFolded);
        assertArrayEquals(gPlain, gFolded);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Shape s = new Shape(21, 5, 12, 12, 3, 1);
        Random r = new Random(7);
        float[] x = random(r, s.batch() * s.in().size());
        float[] params = random(r, s.channels() * (s.taps() + 1));
        float[] dy = random(r, s.batch() * s.channels() * s.outHeight() * s.outWidth());
        float[][] first = null;
        for (int threads = 1; threads <= 3; threads++) {
            DepthwiseConvLayer layer = layer(s, true, new WorkerPool(threads));
            layer.load(params);
            float[] y = new float[dy.length], dx = new float[x.length], grads = new float[params.length];
            for (int repeat = 0; repeat < 2; repeat++) { // the second time on reused scratch
                layer.forward(x, y, s.batch(), true, 0);
                layer.backward(x, y, dy.clone(), dx, s.batch(), grads);
            }
            float[][] result = {y, dx, grads};
            if (first == null) first = result;
            for (int i = 0; i < 3; i++) assertArrayEquals(first[i], result[i], threads + " threads, array " + i);
        }
    }

    /**
     * Scratch left by other batch sizes (a larger training step, then inference on more images, as an epoch's
     * evaluation does) changes no bit of the next training step's outputs and gradients.
     */
    @Test
    void scratchFromOtherBatchSizesChangesNoBit() {
        Shape s = new Shape(8, 4, 10, 10, 3, 0, 2); // dilation 2: the output (6x6) differs from the input
        Random r = new Random(8);
        float[] params = random(r, s.channels() * (s.taps() + 1));
        float[] x = random(r, s.batch() * s.in().size());
        float[] dy = random(r, s.batch() * s.channels() * s.outHeight() * s.outWidth());
        int bigBatch = 40, outSize = s.channels() * s.outHeight() * s.outWidth();
        float[] bigX = random(r, bigBatch * s.in().size()), bigDy = random(r, bigBatch * outSize);
        float[][][] results = new float[2][][];
        for (int used = 0; used < 2; used++) {
            DepthwiseConvLayer layer = layer(s, false, new WorkerPool(2));
            layer.load(params);
            if (used == 1) {
                float[] bigY = new float[bigBatch * outSize];
                layer.forward(bigX, bigY, bigBatch, true, 0);
                layer.backward(bigX, bigY, bigDy.clone(), new float[bigX.length], bigBatch, new float[params.length]);
                layer.forward(bigX, bigY, bigBatch, false, 0);
            }
            float[] y = new float[dy.length], dx = new float[x.length], grads = new float[params.length];
            layer.forward(x, y, s.batch(), true, 0);
            layer.backward(x, y, dy.clone(), dx, s.batch(), grads);
            results[used] = new float[][] {y, dx, grads};
        }
        for (int i = 0; i < 3; i++) assertArrayEquals(results[0][i], results[1][i], "array " + i);
    }

    @Test
    void aKernelThatCannotFitIsRefusedWithTheReason() {
        WorkerPool pool = new WorkerPool(1);
        ParamSlot w = new ParamSlot("W", IntStream.range(0, 18).toArray());
        IllegalArgumentException wide = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DepthwiseConvLayer("dw", new Dims(2, 4, 4), 3, 0, 2, false, w, null, pool));
        org.junit.jupiter.api.Assertions.assertTrue(wide.getMessage().contains("spanning 5 pixels does not fit 2x4x4"),
                wide.getMessage());
        IllegalArgumentException padded = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> new DepthwiseConvLayer("dw", new Dims(2, 8, 8), 3, 3, 1, false, w, null, pool));
        org.junit.jupiter.api.Assertions.assertTrue(padded.getMessage().contains("padding 3"), padded.getMessage());
    }

    /** A layer on random parameters, and its training-mode forward pass over a random batch of {@code s}. */
    private record Forwarded(float[] x, float[] params, DepthwiseConvLayer layer, float[] y) {
    }

    private static Forwarded forwarded(Shape s, Random r) {
        float[] x = random(r, s.batch() * s.in().size());
        float[] params = random(r, s.channels() * (s.taps() + 1));
        DepthwiseConvLayer layer = layer(s, false, new WorkerPool(2));
        layer.load(params);
        float[] y = new float[s.batch() * layer.out.size()];
        layer.forward(x, y, s.batch(), true, 0);
        return new Forwarded(x, params, layer, y);
    }

    private static DepthwiseConvLayer layer(Shape s, boolean relu, WorkerPool pool) {
        int weights = s.channels() * s.taps();
        return new DepthwiseConvLayer("dw", s.in(), s.kernel(), s.padding(), s.dilation(), relu,
                new ParamSlot("W", IntStream.range(0, weights).toArray()),
                new ParamSlot("b", IntStream.range(weights, weights + s.channels()).toArray()), pool);
    }
}
