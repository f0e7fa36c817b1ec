package org.mnistlab.model.engine;

import java.util.SplittableRandom;

/**
 * Inverted dropout, as DL4J's: in training each activation is kept with probability {@code keep} and scaled by
 * {@code 1 / keep}, else zeroed; in inference it passes unchanged. The masks come from the step's seed and the
 * chunk of samples, so they do not depend on the thread count (they are not DL4J's masks: a different generator).
 */
final class DropoutLayer extends JavaLayer {

    private final WorkerPool parallel;
    private final double keep;
    private float[] scale = new float[0];

    DropoutLayer(String name, Dims in, double keep, WorkerPool parallel) {
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
        int keptBits = Float.floatToRawIntBits((float) (1.0 / keep));
        // Kept when a uniform 32-bit number is below keep * 2^32: two decisions per random long, and no branch on
        // them (a branch on a random bit is mispredicted half the time).
        long threshold = (long) Math.floor(keep * 4294967296.0);
        parallel.forEachChunk(n, VectorConv2d.CHUNK, (from, to) -> {
            SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (from + 1)));
            int end = to * size;
            for (int i = from * size; i < end; i += 2) {
                long bits = random.nextLong();
                s[i] = mask(bits >>> 32, threshold, keptBits);
                if (i + 1 < end) s[i + 1] = mask(bits & 0xFFFFFFFFL, threshold, keptBits);
            }
            for (int i = from * size; i < end; i++) y[i] = x[i] * s[i];
        });
    }

    /** {@code 1 / keep} when {@code uniform < threshold}, else 0: the sign of the difference is the mask. */
    private static float mask(long uniform, long threshold, int keptBits) {
        return Float.intBitsToFloat(keptBits & (int) ((uniform - threshold) >> 63));
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        if (dx == null) return;
        float[] s = scale;
        int size = in.size();
        parallel.forEachChunk(n, VectorConv2d.CHUNK, (from, to) -> {
            for (int i = from * size; i < to * size; i++) dx[i] = dy[i] * s[i];
        });
    }
}
