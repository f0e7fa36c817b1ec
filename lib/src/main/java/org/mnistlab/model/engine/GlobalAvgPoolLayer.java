package org.mnistlab.model.engine;

import java.util.Arrays;

/** The mean of every channel's plane: {@code c x h x w -> c}. */
final class GlobalAvgPoolLayer extends JavaLayer {

    GlobalAvgPoolLayer(String name, Dims in) {
        super(name, in, Dims.flat(in.channels()));
    }

    @Override
    void forward(float[] x, float[] y, int n, boolean training, long seed) {
        int plane = in.plane();
        for (int p = 0; p < n * in.channels(); p++) {
            double sum = 0;
            for (int i = p * plane; i < (p + 1) * plane; i++) sum += x[i];
            y[p] = (float) (sum / plane);
        }
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        if (dx == null) return;
        int plane = in.plane();
        for (int p = 0; p < n * in.channels(); p++) {
            Arrays.fill(dx, p * plane, (p + 1) * plane, dy[p] / plane);
        }
    }
}
