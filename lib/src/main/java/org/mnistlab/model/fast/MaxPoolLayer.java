package org.mnistlab.model.fast;

/**
 * Max pooling over non-overlapping {@code size x size} windows (stride = size, no padding, a partial window at the
 * edge dropped, as DL4J's truncate mode does). The forward pass remembers where each maximum was (the first, in
 * reading order, on ties), so the backward pass routes each gradient to that one input.
 */
final class MaxPoolLayer extends FastLayer {

    private final Parallel parallel;
    private final int size;
    private int[] argmax = new int[0];

    MaxPoolLayer(String name, Dims in, int size, Parallel parallel) {
        super(name, in, new Dims(in.channels(), in.height() / size, in.width() / size));
        if (size < 1 || in.height() < size || in.width() < size) {
            throw new IllegalArgumentException(name + ": " + size + "x" + size + " pooling of " + in);
        }
        this.parallel = parallel;
        this.size = size;
    }

    @Override
    void forward(float[] x, float[] y, int n, boolean training, long seed) {
        if (argmax.length < n * out.size()) argmax = new int[n * out.size()];
        int[] arg = argmax;
        int planes = in.channels();
        int w = in.width(), oh = out.height(), ow = out.width();
        parallel.forEachChunk(n, VectorConv2d.CHUNK, (from, to) -> {
            if (size == 2) {
                pool2x2(x, y, arg, from * planes, to * planes);
                return;
            }
            for (int p = from * planes; p < to * planes; p++) {
                int src = p * in.plane(), dst = p * out.plane();
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int best = src + i * size * w + j * size;
                        float max = x[best];
                        for (int di = 0; di < size; di++) {
                            int row = src + (i * size + di) * w + j * size;
                            for (int dj = 0; dj < size; dj++) {
                                if (x[row + dj] > max) {
                                    max = x[row + dj];
                                    best = row + dj;
                                }
                            }
                        }
                        y[dst + i * ow + j] = max;
                        arg[dst + i * ow + j] = best;
                    }
                }
            }
        });
    }

    /** The tutorial's case, unrolled: half the time of the general loop (measured in the profile of a step). */
    private void pool2x2(float[] x, float[] y, int[] arg, int fromPlane, int toPlane) {
        int w = in.width(), oh = out.height(), ow = out.width();
        for (int p = fromPlane; p < toPlane; p++) {
            int src = p * in.plane(), dst = p * out.plane();
            for (int i = 0; i < oh; i++) {
                int r0 = src + 2 * i * w, r1 = r0 + w, o = dst + i * ow;
                for (int j = 0; j < ow; j++) {
                    int a = r0 + 2 * j, b = a + 1, c = r1 + 2 * j, d = c + 1;
                    // Reading order a, b, c, d; the first of equal maxima wins, as in the general loop.
                    int top = x[b] > x[a] ? b : a;
                    int bottom = x[d] > x[c] ? d : c;
                    int best = x[bottom] > x[top] ? bottom : top;
                    y[o + j] = x[best];
                    arg[o + j] = best;
                }
            }
        }
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        if (dx == null) return;
        int[] arg = argmax;
        int planes = in.channels();
        parallel.forEachChunk(n, VectorConv2d.CHUNK, (from, to) -> {
            java.util.Arrays.fill(dx, from * in.size(), to * in.size(), 0f);
            for (int o = from * planes * out.plane(); o < to * planes * out.plane(); o++) dx[arg[o]] += dy[o];
        });
    }
}
