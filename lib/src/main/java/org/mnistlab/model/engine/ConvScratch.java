package org.mnistlab.model.engine;

/**
 * Scratch arrays of {@link VectorConv2d}, kept from step to step by one convolution layer: one
 * array per purpose and per chunk of the batch (chunks, not threads, own them, so no two threads ever share one).
 *
 * <p>Why: allocated afresh on every call, they came to about 15 MB of zeroed memory per training step of the final
 * model. Reuse is safe because each kernel writes the same positions every time: the zero borders of a padded
 * input and the zero junk columns of a widened gradient are never written, so they stay zero; the weight gradient's
 * sums are overwritten, chunk by chunk, by the kernel that computes them.
 */
final class ConvScratch {

    static final int FORWARD_PADDED = 0;
    static final int FORWARD_WIDE = 1;
    static final int INPUT_PADDED = 2;
    static final int INPUT_WIDE = 3;
    static final int WEIGHT_PADDED = 4;
    static final int WEIGHT_WIDE_DY = 5;
    static final int WEIGHT_ACC = 6;
    static final int BIAS_ACC = 7;
    private static final int PURPOSES = 8;

    private final float[][][] arrays = new float[PURPOSES][][];

    /** The array for {@code purpose} and {@code chunk}, of exactly {@code length} floats (zeros when new). */
    synchronized float[] get(int purpose, int chunk, int length) {
        float[][] byChunk = arrays[purpose];
        if (byChunk == null || byChunk.length <= chunk) {
            float[][] grown = new float[Math.max(chunk + 1, 16)][];
            if (byChunk != null) System.arraycopy(byChunk, 0, grown, 0, byChunk.length);
            arrays[purpose] = byChunk = grown;
        }
        float[] a = byChunk[chunk];
        if (a == null || a.length != length) byChunk[chunk] = a = new float[length];
        return a;
    }

    /** A fresh array when there is no scratch to reuse ({@code scratch} null). */
    static float[] of(ConvScratch scratch, int purpose, int chunk, int length) {
        return scratch == null ? new float[length] : scratch.get(purpose, chunk, length);
    }
}
