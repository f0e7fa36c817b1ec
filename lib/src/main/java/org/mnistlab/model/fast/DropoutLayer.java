package org.mnistlab.model.fast;

import java.util.SplittableRandom;

/**
 * Inverted dropout, as DL4J's: in training each activation is kept with probability {@code keep} and scaled by
 * {@code 1 / keep}, else zeroed; in inference it passes unchanged. The masks come from the step's seed and the
 * chunk of samples, so they do not depend on the thread count (they are not DL4J's masks: a different generator).
 */
final class DropoutLayer extends FastLayer {

    private final Parallel parallel;
    private final double keep;
    private float[] scale = new float[0];

    DropoutLayer(String name, Dims in, double keep, Parallel parallel) {
        super(name, in, in);
        if (!(keep > 0 && keep <= 1)) throw new IllegalArgumentException(name + ": keep probability " + keep);
        this.parallel = parallel;
        this.keep = keep;
    }

    @Override
    boolean random() {
        return true;
    }

    @Override
    void forward(float[] x, float[] y, int n, boolean training, long seed) {
        int size = in.size();
        if (!training) {
            System.arraycopy(x, 0, y, 0, n * size);
            return;
        }
        if (scale.length < n * size) scale = new float[n * size];
        float[] s = scale;
        float kept = (float) (1.0 / keep);
        parallel.forEachChunk(n, VectorConv2d.CHUNK, (from, to) -> {
            SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (from + 1)));
            for (int i = from * size; i < to * size; i++) {
                s[i] = random.nextDouble() < keep ? kept : 0f;
                y[i] = x[i] * s[i];
            }
        });
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        if (dx == null) return;
        for (int i = 0; i < n * in.size(); i++) dx[i] = dy[i] * scale[i];
    }
}
