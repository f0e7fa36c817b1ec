package org.mnistlab.model.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The vector convolution against a plain scalar one (summed in double), on the shapes the models use and odd ones. */
class VectorConv2dTest {

    /** Relative to the largest magnitude in the result: float sums of up to ~100k terms in another order. */
    static final double TOLERANCE = 1e-5;

    static Stream<ConvGeometry> geometries() {
        return Stream.of(
                new ConvGeometry(9, 1, 8, 28, 28, 3, 0),   // first layer, batch not a multiple of the chunk
                new ConvGeometry(8, 8, 12, 26, 26, 3, 0),  // the widest layer
                new ConvGeometry(5, 12, 14, 12, 12, 3, 0), // 14 = three blocks of 4 and two single channels
                new ConvGeometry(17, 3, 6, 7, 9, 3, 1),    // padding, non-square input
                new ConvGeometry(10, 16, 18, 8, 8, 3, 0),  // 6x6 output: an odd number of 16-float vectors; 18 maps
                new ConvGeometry(3, 4, 5, 6, 6, 2, 0),     // 2x2 kernel (small-gap's head)
                new ConvGeometry(4, 16, 10, 3, 3, 1, 0));  // 1x1 kernel (the GAP head)
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesScalarConvolution(ConvGeometry g) {
        Random r = new Random(1);
        float[] x = random(r, g.batch() * g.in() * g.inPlane());
        float[] w = random(r, g.out() * g.in() * g.kernelArea());
        float[] b = random(r, g.out());
        float[] y = new float[g.batch() * g.out() * g.outPlane()];
        VectorConv2d.forward(g, x, w, b, y, new WorkerPool(2));
        assertClose(Scalar.forward(g, x, w, b), y);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void gradientsMatchScalarConvolution(ConvGeometry g) {
        Random r = new Random(2);
        float[] x = random(r, g.batch() * g.in() * g.inPlane());
        float[] w = random(r, g.out() * g.in() * g.kernelArea());
        float[] dy = random(r, g.batch() * g.out() * g.outPlane());
        float[] dx = new float[x.length], dw = new float[w.length], db = new float[g.out()];
        VectorConv2d.backwardInput(g, dy, w, dx, new WorkerPool(2));
        VectorConv2d.backwardWeights(g, x, dy, dw, db, new WorkerPool(2));
        Scalar.Gradients expected = Scalar.backward(g, x, w, dy);
        assertClose(expected.dx(), dx);
        assertClose(expected.dw(), dw);
        assertClose(expected.db(), db);
    }

    /**
     * Each output is the sum of its taps in order, from zero, one fused multiply-add each, then the bias: bit for bit,
     * whatever the blocks of channels, the vector width or the plane's last odd vector.
     */
    @ParameterizedTest
    @MethodSource("geometries")
    void forwardIsTheFusedMultiplyAddChainOfItsTaps(ConvGeometry g) {
        Random r = new Random(5);
        float[] x = random(r, g.batch() * g.in() * g.inPlane());
        float[] w = random(r, g.out() * g.in() * g.kernelArea());
        float[] b = random(r, g.out());
        float[] y = new float[g.batch() * g.out() * g.outPlane()];
        VectorConv2d.forward(g, x, w, b, y, new WorkerPool(2));
        float[] expected = new float[y.length];
        int k = g.kernel(), i = 0;
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.out(); o++) {
                for (int oy = 0; oy < g.outHeight(); oy++) {
                    for (int ox = 0; ox < g.outWidth(); ox++) {
                        float acc = 0f;
                        for (int c = 0; c < g.in(); c++) {
                            for (int t = 0; t < k * k; t++) {
                                float v = (float) Scalar.in(g, x, n, c, oy + t / k, ox + t % k);
                                acc = Math.fma(v, w[(o * g.in() + c) * k * k + t], acc);
                            }
                        }
                        expected[i++] = acc + b[o];
                    }
                }
            }
        }
        assertArrayEquals(expected, y);
    }

    /** The one-pass backward of a layer gives the same bits as its two gradients computed apart. */
    @ParameterizedTest
    @MethodSource("geometries")
    void oneBackwardPassGivesTheBitsOfTheTwoGradients(ConvGeometry g) {
        Random r = new Random(6);
        float[] x = random(r, g.batch() * g.in() * g.inPlane());
        float[] w = random(r, g.out() * g.in() * g.kernelArea());
        float[] dy = random(r, g.batch() * g.out() * g.outPlane());
        float[] dx = new float[x.length], dw = new float[w.length], db = new float[g.out()];
        float[] dx2 = new float[x.length], dw2 = new float[w.length], db2 = new float[g.out()];
        WorkerPool parallel = new WorkerPool(2);
        VectorConv2d.backward(g, x, null, dy, w, dw, db, dx, parallel, new ConvScratch());
        VectorConv2d.backwardInput(g, dy, w, dx2, parallel);
        VectorConv2d.backwardWeights(g, x, dy, dw2, db2, parallel);
        assertArrayEquals(dx2, dx);
        assertArrayEquals(dw2, dw);
        assertArrayEquals(db2, db);
    }

    /** A ReLU folded into the layer, sample by sample, gives the bits of a ReLU pass over the whole batch. */
    @ParameterizedTest
    @MethodSource("geometries")
    void aFoldedReluGivesTheBitsOfASeparatePass(ConvGeometry g) {
        Random r = new Random(7);
        float[] x = random(r, g.batch() * g.in() * g.inPlane());
        float[] w = random(r, g.out() * g.in() * g.kernelArea());
        float[] b = random(r, g.out());
        float[] dy = random(r, g.batch() * g.out() * g.outPlane());
        WorkerPool parallel = new WorkerPool(2);
        float[] y = new float[dy.length], y2 = new float[dy.length];
        VectorConv2d.forward(g, x, w, b, true, y, parallel, new ConvScratch());
        VectorConv2d.forward(g, x, w, b, y2, parallel);
        Elementwise.relu(y2, y2.length, parallel);
        assertArrayEquals(y2, y);
        float[] dx = new float[x.length], dw = new float[w.length], db = new float[g.out()];
        float[] dx2 = new float[x.length], dw2 = new float[w.length], db2 = new float[g.out()];
        float[] dyFolded = dy.clone(), dyMasked = dy.clone();
        VectorConv2d.backward(g, x, y, dyFolded, w, dw, db, dx, parallel, new ConvScratch());
        Elementwise.reluGradient(y, dyMasked, dyMasked, dyMasked.length, parallel);
        VectorConv2d.backward(g, x, null, dyMasked, w, dw2, db2, dx2, parallel, new ConvScratch());
        assertArrayEquals(dx2, dx);
        assertArrayEquals(dw2, dw);
        assertArrayEquals(db2, db);
    }

    /**
     * The weight and bias gradients are, bit for bit, the sums the engine documents, whatever blocks of channels the
     * kernels use on this vector width: per chunk of {@link VectorConv2d#CHUNK} samples, 16 logical lanes per weight,
     * lane {@code l} taking wide positions {@code l, l+16, ...} of each sample in turn, one fused multiply-add each
     * from zero; the lanes added by {@link Lanes#sum}; the chunks added in order.
     */
    @ParameterizedTest
    @MethodSource("withEveryBlock")
    void weightGradientIsTheDocumentedSumOfLogicalLanes(ConvGeometry g) {
        Random r = new Random(8);
        float[] x = random(r, g.batch() * g.in() * g.inPlane());
        float[] dy = random(r, g.batch() * g.out() * g.outPlane());
        float[] dw = new float[g.out() * g.in() * g.kernelArea()], db = new float[g.out()];
        VectorConv2d.backwardWeights(g, x, dy, dw, db, new WorkerPool(2));
        float[][] expected = documentedWeightSums(g, x, dy);
        assertArrayEquals(expected[0], dw, "weights, bit for bit");
        assertArrayEquals(expected[1], db, "bias, bit for bit");
    }

    /** {@link #geometries()} and output widths that fill and split the AVX-512 kernels' blocks of six channels. */
    static Stream<ConvGeometry> withEveryBlock() {
        return Stream.concat(geometries(), Stream.of(
                new ConvGeometry(11, 8, 14, 26, 26, 3, 0), // the final model's widest layer: 6 + 6 + 2
                new ConvGeometry(9, 2, 13, 9, 9, 3, 1),    // 6 + 6 + 1, padded
                new ConvGeometry(8, 3, 7, 6, 6, 3, 0)));   // 6 + 1
    }

    private static float[][] documentedWeightSums(ConvGeometry g, float[] x, float[] dy) {
        int area = g.kernelArea(), plane = g.widePlane(16), wp = g.paddedWidth();
        int samplePadded = g.paddedSample(16);
        float[] dw = new float[g.out() * g.in() * area], db = new float[g.out()];
        for (int from = 0; from < g.batch(); from += VectorConv2d.CHUNK) {
            int to = Math.min(g.batch(), from + VectorConv2d.CHUNK);
            float[] xp = new float[(to - from) * samplePadded];
            for (int n = from; n < to; n++) {
                for (int c = 0; c < g.in(); c++)
                    for (int y = 0; y < g.height(); y++)
                        for (int xx = 0; xx < g.width(); xx++)
                            xp[(n - from) * samplePadded + c * g.paddedPlane() + (y + g.padding()) * wp + xx
                                    + g.padding()] = x[((n * g.in() + c) * g.height() + y) * g.width() + xx];
            }
            for (int k = 0; k < g.out(); k++) {
                float[] biasLanes = new float[16];
                for (int c = 0; c < g.in(); c++) {
                    for (int t = 0; t < area; t++) {
                        int tap = c * g.paddedPlane() + (t / g.kernel()) * wp + t % g.kernel();
                        float[] lanes = new float[16];
                        for (int n = from; n < to; n++) {
                            for (int pos = 0; pos < plane; pos++) {
                                float d = wideDy(g, dy, n, k, pos);
                                lanes[pos % 16] = Math.fma(d, xp[(n - from) * samplePadded + tap + pos], lanes[pos % 16]);
                                if (c == 0 && t == 0) biasLanes[pos % 16] += d;
                            }
                        }
                        dw[(k * g.in() + c) * area + t] += Lanes.sum(lanes, 0);
                    }
                }
                db[k] += Lanes.sum(biasLanes, 0);
            }
        }
        return new float[][] {dw, db};
    }

    /** The output gradient at a wide position: zero in the junk columns and past the last row. */
    private static float wideDy(ConvGeometry g, float[] dy, int n, int k, int pos) {
        int row = pos / g.paddedWidth(), col = pos % g.paddedWidth();
        if (row >= g.outHeight() || col >= g.outWidth()) return 0f;
        return dy[((n * g.out() + k) * g.outHeight() + row) * g.outWidth() + col];
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        ConvGeometry g = new ConvGeometry(37, 8, 12, 26, 26, 3, 0);
        Random r = new Random(3);
        float[] x = random(r, g.batch() * g.in() * g.inPlane());
        float[] dy = random(r, g.batch() * g.out() * g.outPlane());
        float[] one = new float[g.out() * g.in() * 9], three = new float[one.length];
        float[] b1 = new float[g.out()], b3 = new float[g.out()];
        VectorConv2d.backwardWeights(g, x, dy, one, b1, new WorkerPool(1));
        VectorConv2d.backwardWeights(g, x, dy, three, b3, new WorkerPool(3));
        assertArrayEquals(one, three, "bit for bit");
        assertArrayEquals(b1, b3, "bit for bit");
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void reusedScratchGivesTheSameBitsAsFreshArrays(ConvGeometry g) {
        ConvScratch scratch = new ConvScratch();
        Random r = new Random(4);
        for (int call = 0; call < 3; call++) { // new data each call: nothing of the last call may leak through
            float[] x = random(r, g.batch() * g.in() * g.inPlane());
            float[] w = random(r, g.out() * g.in() * g.kernelArea());
            float[] b = random(r, g.out());
            float[] dy = random(r, g.batch() * g.out() * g.outPlane());
            float[][] fresh = run(g, x, w, b, dy, null), reused = run(g, x, w, b, dy, scratch);
            for (int k = 0; k < fresh.length; k++) assertArrayEquals(fresh[k], reused[k], "call " + call + ", " + k);
        }
    }

    private static float[][] run(ConvGeometry g, float[] x, float[] w, float[] b, float[] dy, ConvScratch scratch) {
        WorkerPool parallel = new WorkerPool(2);
        float[] y = new float[g.batch() * g.out() * g.outPlane()], dx = new float[x.length];
        float[] dw = new float[w.length], db = new float[b.length];
        VectorConv2d.forward(g, x, w, b, y, parallel, scratch);
        VectorConv2d.backwardInput(g, dy, w, dx, parallel, scratch);
        VectorConv2d.backwardWeights(g, x, dy, dw, db, parallel, scratch);
        return new float[][] {y, dx, dw, db};
    }

    static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    static void assertClose(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        double scale = 1e-12;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / scale;
            if (err > TOLERANCE) {
                throw new AssertionError("element " + i + ": expected " + expected[i] + ", got " + actual[i]
                        + " (error " + err + " of the largest magnitude " + scale + ")");
            }
        }
    }

    /** The textbook loops, in double. */
    static final class Scalar {
        record Gradients(double[] dx, double[] dw, double[] db) {
        }

        static double in(ConvGeometry g, float[] x, int n, int c, int py, int px) {
            int y = py - g.padding(), xx = px - g.padding();
            if (y < 0 || xx < 0 || y >= g.height() || xx >= g.width()) return 0;
            return x[((n * g.in() + c) * g.height() + y) * g.width() + xx];
        }

        static double[] forward(ConvGeometry g, float[] x, float[] w, float[] b) {
            int oh = g.outHeight(), ow = g.outWidth(), k = g.kernel();
            double[] y = new double[g.batch() * g.out() * oh * ow];
            for (int n = 0; n < g.batch(); n++)
                for (int o = 0; o < g.out(); o++)
                    for (int i = 0; i < oh; i++)
                        for (int j = 0; j < ow; j++) {
                            double s = b == null ? 0 : b[o];
                            for (int c = 0; c < g.in(); c++)
                                for (int ky = 0; ky < k; ky++)
                                    for (int kx = 0; kx < k; kx++)
                                        s += w[((o * g.in() + c) * k + ky) * k + kx] * in(g, x, n, c, i + ky, j + kx);
                            y[((n * g.out() + o) * oh + i) * ow + j] = s;
                        }
            return y;
        }

        static Gradients backward(ConvGeometry g, float[] x, float[] w, float[] dy) {
            int oh = g.outHeight(), ow = g.outWidth(), k = g.kernel(), p = g.padding();
            double[] dx = new double[x.length], dw = new double[w.length], db = new double[g.out()];
            for (int n = 0; n < g.batch(); n++)
                for (int o = 0; o < g.out(); o++)
                    for (int i = 0; i < oh; i++)
                        for (int j = 0; j < ow; j++) {
                            double d = dy[((n * g.out() + o) * oh + i) * ow + j];
                            db[o] += d;
                            for (int c = 0; c < g.in(); c++)
                                for (int ky = 0; ky < k; ky++)
                                    for (int kx = 0; kx < k; kx++) {
                                        int wi = ((o * g.in() + c) * k + ky) * k + kx;
                                        dw[wi] += d * in(g, x, n, c, i + ky, j + kx);
                                        int y = i + ky - p, xx = j + kx - p;
                                        if (y >= 0 && xx >= 0 && y < g.height() && xx < g.width()) {
                                            dx[((n * g.in() + c) * g.height() + y) * g.width() + xx] += d * w[wi];
                                        }
                                    }
                        }
            return new Gradients(dx, dw, db);
        }
    }
}
