package org.mnistlab.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A convolution's weights laid out for {@link VectorConv2d}'s direct loops, prepared once per call, and the loops
 * themselves: every output channel of one zero-padded sample into the wide layout of {@link ConvGeometry}.
 *
 * <p>For a block of output channels and two vectors of output pixels, every kernel tap is one shifted read of the
 * padded input and one fused multiply-add per channel and vector into registers. Blocks are of eight channels where
 * the CPU has 32 vector registers (AVX-512: 16 accumulators), else of four (8 accumulators fit AVX2's 16). The last
 * block is padded with zero weights (6, 7, 10 or 14 channels run at the speed of 8, 8, 12 or 16 rather than one slow
 * channel at a time; the padded channels' planes are computed and never read).
 *
 * <p>Each output element is the same sum whatever the blocking: its taps in order, from zero, one fused multiply-add
 * each. So the blocks, like the vector width, change the speed, never the bits.
 */
final class ConvKernel {

    private static final VectorSpecies<Float> SPECIES = Lanes.SPECIES;
    private static final int LANES = Lanes.LANES;
    private static final int SUM_LANES = Lanes.SUM_LANES;
    /** Whether blocks of eight channels fit the registers: 32 of them on CPUs with 512-bit vectors. */
    private static final boolean EIGHT = Lanes.bits() == 512;

    private final ConvGeometry g;
    private final int[] taps;
    private final float[][] blocks; // [tap][width] interleaved weights of each block
    private final int[] first;      // each block's first output channel
    private final int channels;     // output channels computed, padded ones included

    ConvKernel(ConvGeometry g, float[] w) {
        this.g = g;
        this.taps = tapOffsets(g);
        int out = g.out();
        int eights = EIGHT ? out / 8 + (out % 8 > 4 ? 1 : 0) : 0;
        int fours = (Math.max(0, out - 8 * eights) + 3) / 4;
        blocks = new float[eights + fours][];
        first = new int[blocks.length];
        int k = 0;
        for (int b = 0; b < blocks.length; b++) {
            int width = b < eights ? 8 : 4;
            first[b] = k;
            blocks[b] = pack(w, k, width, out, taps.length);
            k += width;
        }
        channels = k;
    }

    /** Floats of the wide output scratch: every computed plane, padded channels included. */
    int wideLength() {
        return channels * g.widePlane(SUM_LANES);
    }

    /** Every output channel of one padded sample, wide layout. */
    void apply(float[] padded, float[] wide) {
        int plane = g.widePlane(SUM_LANES);
        int pairs = plane - plane % (2 * LANES);
        // A 3x3 kernel's taps divide by three: its pairs go three taps a trip, and the one-tap loop does the rest.
        boolean byThree = taps.length % 3 == 0;
        for (int b = 0; b < blocks.length; b++) {
            int at = first[b] * plane;
            if (blocks[b].length == 8 * taps.length) {
                if (byThree) eightByThree(padded, blocks[b], taps, at, pairs, plane, wide);
                eight(padded, blocks[b], taps, at, byThree ? pairs : 0, pairs, plane, wide);
            } else {
                if (byThree) fourByThree(padded, blocks[b], taps, at, pairs, plane, wide);
                four(padded, blocks[b], taps, at, byThree ? pairs : 0, pairs, plane, wide);
            }
        }
    }

    /**
     * Where each (input channel, tap) of the kernel reads in the padded sample. One flat loop over these keeps the
     * accumulators in registers; C2 boxes vectors carried across nested loops.
     */
    private static int[] tapOffsets(ConvGeometry g) {
        int area = g.kernelArea();
        int[] taps = new int[g.in() * area];
        for (int c = 0; c < g.in(); c++) {
            for (int t = 0; t < area; t++) {
                taps[c * area + t] = c * g.paddedPlane() + (t / g.kernel()) * g.paddedWidth() + t % g.kernel();
            }
        }
        return taps;
    }

    /** The weights of output channels {@code k..k+width-1}, interleaved {@code [tap][width]}; zeros past {@code out}. */
    private static float[] pack(float[] w, int k, int width, int out, int perChannel) {
        float[] packed = new float[width * perChannel];
        for (int j = 0; j < perChannel; j++) {
            for (int q = 0; q < width && k + q < out; q++) packed[width * j + q] = w[(k + q) * perChannel + j];
        }
        return packed;
    }

    /**
     * Four channels' planes from {@code at}: pixel pairs of vectors from {@code from} up to {@code pairs}, then a last
     * single one.
     */
    private static void four(float[] xp, float[] packed, int[] taps, int at, int from, int pairs, int plane,
                             float[] wide) {
        for (int s = from; s < pairs; s += 2 * LANES) {
            FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int j = 0; j < taps.length; j++) {
                int x = taps[j] + s;
                FloatVector u = FloatVector.fromArray(SPECIES, xp, x);
                FloatVector v = FloatVector.fromArray(SPECIES, xp, x + LANES);
                FloatVector w0 = FloatVector.broadcast(SPECIES, packed[4 * j]);
                FloatVector w1 = FloatVector.broadcast(SPECIES, packed[4 * j + 1]);
                FloatVector w2 = FloatVector.broadcast(SPECIES, packed[4 * j + 2]);
                FloatVector w3 = FloatVector.broadcast(SPECIES, packed[4 * j + 3]);
                a0 = u.fma(w0, a0);
                b0 = v.fma(w0, b0);
                a1 = u.fma(w1, a1);
                b1 = v.fma(w1, b1);
                a2 = u.fma(w2, a2);
                b2 = v.fma(w2, b2);
                a3 = u.fma(w3, a3);
                b3 = v.fma(w3, b3);
            }
            int o = at + s;
            a0.intoArray(wide, o);
            b0.intoArray(wide, o + LANES);
            a1.intoArray(wide, o + plane);
            b1.intoArray(wide, o + plane + LANES);
            a2.intoArray(wide, o + 2 * plane);
            b2.intoArray(wide, o + 2 * plane + LANES);
            a3.intoArray(wide, o + 3 * plane);
            b3.intoArray(wide, o + 3 * plane + LANES);
        }
        if (pairs == plane) return;
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        for (int j = 0; j < taps.length; j++) {
            FloatVector u = FloatVector.fromArray(SPECIES, xp, taps[j] + pairs);
            a0 = u.fma(FloatVector.broadcast(SPECIES, packed[4 * j]), a0);
            a1 = u.fma(FloatVector.broadcast(SPECIES, packed[4 * j + 1]), a1);
            a2 = u.fma(FloatVector.broadcast(SPECIES, packed[4 * j + 2]), a2);
            a3 = u.fma(FloatVector.broadcast(SPECIES, packed[4 * j + 3]), a3);
        }
        int o = at + pairs;
        a0.intoArray(wide, o);
        a1.intoArray(wide, o + plane);
        a2.intoArray(wide, o + 2 * plane);
        a3.intoArray(wide, o + 3 * plane);
    }

    /**
     * {@link #four}'s pixel pairs where the taps divide by three: three taps a trip, the same fused multiply-adds in
     * the same order. The JIT of JDK 17 pays the loop's overhead on every trip; a third of the trips made the forward
     * pass and the input gradient about a fifth faster. Kept apart from the one-tap loop, and without helper calls:
     * C2 stops inlining the Vector API past a node count, and a vector it does not inline is boxed (5x slower).
     */
    private static void fourByThree(float[] xp, float[] packed, int[] taps, int at, int pairs, int plane,
                                    float[] wide) {
        for (int s = 0; s < pairs; s += 2 * LANES) {
            FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (int j = 0; j < taps.length; j += 3) {
                int x = taps[j] + s;
                int p = 4 * j;
                FloatVector u = FloatVector.fromArray(SPECIES, xp, x);
                FloatVector v = FloatVector.fromArray(SPECIES, xp, x + LANES);
                FloatVector w = FloatVector.broadcast(SPECIES, packed[p]);
                a0 = u.fma(w, a0); b0 = v.fma(w, b0); w = FloatVector.broadcast(SPECIES, packed[p + 1]);
                a1 = u.fma(w, a1); b1 = v.fma(w, b1); w = FloatVector.broadcast(SPECIES, packed[p + 2]);
                a2 = u.fma(w, a2); b2 = v.fma(w, b2); w = FloatVector.broadcast(SPECIES, packed[p + 3]);
                a3 = u.fma(w, a3); b3 = v.fma(w, b3);
                x = taps[j + 1] + s;
                p = 4 * (j + 1);
                u = FloatVector.fromArray(SPECIES, xp, x);
                v = FloatVector.fromArray(SPECIES, xp, x + LANES);
                w = FloatVector.broadcast(SPECIES, packed[p]);
                a0 = u.fma(w, a0); b0 = v.fma(w, b0); w = FloatVector.broadcast(SPECIES, packed[p + 1]);
                a1 = u.fma(w, a1); b1 = v.fma(w, b1); w = FloatVector.broadcast(SPECIES, packed[p + 2]);
                a2 = u.fma(w, a2); b2 = v.fma(w, b2); w = FloatVector.broadcast(SPECIES, packed[p + 3]);
                a3 = u.fma(w, a3); b3 = v.fma(w, b3);
                x = taps[j + 2] + s;
                p = 4 * (j + 2);
                u = FloatVector.fromArray(SPECIES, xp, x);
                v = FloatVector.fromArray(SPECIES, xp, x + LANES);
                w = FloatVector.broadcast(SPECIES, packed[p]);
                a0 = u.fma(w, a0); b0 = v.fma(w, b0); w = FloatVector.broadcast(SPECIES, packed[p + 1]);
                a1 = u.fma(w, a1); b1 = v.fma(w, b1); w = FloatVector.broadcast(SPECIES, packed[p + 2]);
                a2 = u.fma(w, a2); b2 = v.fma(w, b2); w = FloatVector.broadcast(SPECIES, packed[p + 3]);
                a3 = u.fma(w, a3); b3 = v.fma(w, b3);
            }
            int o = at + s;
            a0.intoArray(wide, o);
            b0.intoArray(wide, o + LANES);
            a1.intoArray(wide, o + plane);
            b1.intoArray(wide, o + plane + LANES);
            a2.intoArray(wide, o + 2 * plane);
            b2.intoArray(wide, o + 2 * plane + LANES);
            a3.intoArray(wide, o + 3 * plane);
            b3.intoArray(wide, o + 3 * plane + LANES);
        }
    }

    /**
     * {@link #eight}'s pixel pairs where the taps divide by three: three taps a trip, the same fused multiply-adds in
     * the same order. The JIT of JDK 17 pays the loop's overhead on every trip; a third of the trips made the forward
     * pass and the input gradient about a fifth faster. Kept apart from the one-tap loop, and without helper calls:
     * C2 stops inlining the Vector API past a node count, and a vector it does not inline is boxed (5x slower).
     */
    private static void eightByThree(float[] xp, float[] packed, int[] taps, int at, int pairs, int plane,
                                     float[] wide) {
        for (int s = 0; s < pairs; s += 2 * LANES) {
            FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
            for (int j = 0; j < taps.length; j += 3) {
                int x = taps[j] + s;
                int p = 8 * j;
                FloatVector u = FloatVector.fromArray(SPECIES, xp, x);
                FloatVector v = FloatVector.fromArray(SPECIES, xp, x + LANES);
                FloatVector w = FloatVector.broadcast(SPECIES, packed[p]);
                a0 = u.fma(w, a0); b0 = v.fma(w, b0); w = FloatVector.broadcast(SPECIES, packed[p + 1]);
                a1 = u.fma(w, a1); b1 = v.fma(w, b1); w = FloatVector.broadcast(SPECIES, packed[p + 2]);
                a2 = u.fma(w, a2); b2 = v.fma(w, b2); w = FloatVector.broadcast(SPECIES, packed[p + 3]);
                a3 = u.fma(w, a3); b3 = v.fma(w, b3); w = FloatVector.broadcast(SPECIES, packed[p + 4]);
                a4 = u.fma(w, a4); b4 = v.fma(w, b4); w = FloatVector.broadcast(SPECIES, packed[p + 5]);
                a5 = u.fma(w, a5); b5 = v.fma(w, b5); w = FloatVector.broadcast(SPECIES, packed[p + 6]);
                a6 = u.fma(w, a6); b6 = v.fma(w, b6); w = FloatVector.broadcast(SPECIES, packed[p + 7]);
                a7 = u.fma(w, a7); b7 = v.fma(w, b7);
                x = taps[j + 1] + s;
                p = 8 * (j + 1);
                u = FloatVector.fromArray(SPECIES, xp, x);
                v = FloatVector.fromArray(SPECIES, xp, x + LANES);
                w = FloatVector.broadcast(SPECIES, packed[p]);
                a0 = u.fma(w, a0); b0 = v.fma(w, b0); w = FloatVector.broadcast(SPECIES, packed[p + 1]);
                a1 = u.fma(w, a1); b1 = v.fma(w, b1); w = FloatVector.broadcast(SPECIES, packed[p + 2]);
                a2 = u.fma(w, a2); b2 = v.fma(w, b2); w = FloatVector.broadcast(SPECIES, packed[p + 3]);
                a3 = u.fma(w, a3); b3 = v.fma(w, b3); w = FloatVector.broadcast(SPECIES, packed[p + 4]);
                a4 = u.fma(w, a4); b4 = v.fma(w, b4); w = FloatVector.broadcast(SPECIES, packed[p + 5]);
                a5 = u.fma(w, a5); b5 = v.fma(w, b5); w = FloatVector.broadcast(SPECIES, packed[p + 6]);
                a6 = u.fma(w, a6); b6 = v.fma(w, b6); w = FloatVector.broadcast(SPECIES, packed[p + 7]);
                a7 = u.fma(w, a7); b7 = v.fma(w, b7);
                x = taps[j + 2] + s;
                p = 8 * (j + 2);
                u = FloatVector.fromArray(SPECIES, xp, x);
                v = FloatVector.fromArray(SPECIES, xp, x + LANES);
                w = FloatVector.broadcast(SPECIES, packed[p]);
                a0 = u.fma(w, a0); b0 = v.fma(w, b0); w = FloatVector.broadcast(SPECIES, packed[p + 1]);
                a1 = u.fma(w, a1); b1 = v.fma(w, b1); w = FloatVector.broadcast(SPECIES, packed[p + 2]);
                a2 = u.fma(w, a2); b2 = v.fma(w, b2); w = FloatVector.broadcast(SPECIES, packed[p + 3]);
                a3 = u.fma(w, a3); b3 = v.fma(w, b3); w = FloatVector.broadcast(SPECIES, packed[p + 4]);
                a4 = u.fma(w, a4); b4 = v.fma(w, b4); w = FloatVector.broadcast(SPECIES, packed[p + 5]);
                a5 = u.fma(w, a5); b5 = v.fma(w, b5); w = FloatVector.broadcast(SPECIES, packed[p + 6]);
                a6 = u.fma(w, a6); b6 = v.fma(w, b6); w = FloatVector.broadcast(SPECIES, packed[p + 7]);
                a7 = u.fma(w, a7); b7 = v.fma(w, b7);
            }
            int o = at + s;
            a0.intoArray(wide, o);
            b0.intoArray(wide, o + LANES);
            a1.intoArray(wide, o + plane);
            b1.intoArray(wide, o + plane + LANES);
            a2.intoArray(wide, o + 2 * plane);
            b2.intoArray(wide, o + 2 * plane + LANES);
            a3.intoArray(wide, o + 3 * plane);
            b3.intoArray(wide, o + 3 * plane + LANES);
            a4.intoArray(wide, o + 4 * plane);
            b4.intoArray(wide, o + 4 * plane + LANES);
            a5.intoArray(wide, o + 5 * plane);
            b5.intoArray(wide, o + 5 * plane + LANES);
            a6.intoArray(wide, o + 6 * plane);
            b6.intoArray(wide, o + 6 * plane + LANES);
            a7.intoArray(wide, o + 7 * plane);
            b7.intoArray(wide, o + 7 * plane + LANES);
        }
    }

    /** {@link #four} for eight channels: 16 accumulators, each pair of loaded vectors serving eight weights. */
    private static void eight(float[] xp, float[] packed, int[] taps, int at, int from, int pairs, int plane,
                              float[] wide) {
        for (int s = from; s < pairs; s += 2 * LANES) {
            FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
            for (int j = 0; j < taps.length; j++) {
                int x = taps[j] + s, p = 8 * j;
                FloatVector u = FloatVector.fromArray(SPECIES, xp, x);
                FloatVector v = FloatVector.fromArray(SPECIES, xp, x + LANES);
                FloatVector w = FloatVector.broadcast(SPECIES, packed[p]);
                a0 = u.fma(w, a0);
                b0 = v.fma(w, b0);
                w = FloatVector.broadcast(SPECIES, packed[p + 1]);
                a1 = u.fma(w, a1);
                b1 = v.fma(w, b1);
                w = FloatVector.broadcast(SPECIES, packed[p + 2]);
                a2 = u.fma(w, a2);
                b2 = v.fma(w, b2);
                w = FloatVector.broadcast(SPECIES, packed[p + 3]);
                a3 = u.fma(w, a3);
                b3 = v.fma(w, b3);
                w = FloatVector.broadcast(SPECIES, packed[p + 4]);
                a4 = u.fma(w, a4);
                b4 = v.fma(w, b4);
                w = FloatVector.broadcast(SPECIES, packed[p + 5]);
                a5 = u.fma(w, a5);
                b5 = v.fma(w, b5);
                w = FloatVector.broadcast(SPECIES, packed[p + 6]);
                a6 = u.fma(w, a6);
                b6 = v.fma(w, b6);
                w = FloatVector.broadcast(SPECIES, packed[p + 7]);
                a7 = u.fma(w, a7);
                b7 = v.fma(w, b7);
            }
            int o = at + s;
            a0.intoArray(wide, o);
            b0.intoArray(wide, o + LANES);
            a1.intoArray(wide, o + plane);
            b1.intoArray(wide, o + plane + LANES);
            a2.intoArray(wide, o + 2 * plane);
            b2.intoArray(wide, o + 2 * plane + LANES);
            a3.intoArray(wide, o + 3 * plane);
            b3.intoArray(wide, o + 3 * plane + LANES);
            a4.intoArray(wide, o + 4 * plane);
            b4.intoArray(wide, o + 4 * plane + LANES);
            a5.intoArray(wide, o + 5 * plane);
            b5.intoArray(wide, o + 5 * plane + LANES);
            a6.intoArray(wide, o + 6 * plane);
            b6.intoArray(wide, o + 6 * plane + LANES);
            a7.intoArray(wide, o + 7 * plane);
            b7.intoArray(wide, o + 7 * plane + LANES);
        }
        if (pairs == plane) return;
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int j = 0; j < taps.length; j++) {
            int p = 8 * j;
            FloatVector u = FloatVector.fromArray(SPECIES, xp, taps[j] + pairs);
            a0 = u.fma(FloatVector.broadcast(SPECIES, packed[p]), a0);
            a1 = u.fma(FloatVector.broadcast(SPECIES, packed[p + 1]), a1);
            a2 = u.fma(FloatVector.broadcast(SPECIES, packed[p + 2]), a2);
            a3 = u.fma(FloatVector.broadcast(SPECIES, packed[p + 3]), a3);
            a4 = u.fma(FloatVector.broadcast(SPECIES, packed[p + 4]), a4);
            a5 = u.fma(FloatVector.broadcast(SPECIES, packed[p + 5]), a5);
            a6 = u.fma(FloatVector.broadcast(SPECIES, packed[p + 6]), a6);
            a7 = u.fma(FloatVector.broadcast(SPECIES, packed[p + 7]), a7);
        }
        int o = at + pairs;
        a0.intoArray(wide, o);
        a1.intoArray(wide, o + plane);
        a2.intoArray(wide, o + 2 * plane);
        a3.intoArray(wide, o + 3 * plane);
        a4.intoArray(wide, o + 4 * plane);
        a5.intoArray(wide, o + 5 * plane);
        a6.intoArray(wide, o + 6 * plane);
        a7.intoArray(wide, o + 7 * plane);
    }
}
