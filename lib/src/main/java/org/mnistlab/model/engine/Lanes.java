package org.mnistlab.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectors the kernels run on, and the fixed logical layout that makes their sums the same on every CPU.
 *
 * <p>Why a logical layout: a vectorised sum keeps one partial sum per lane and adds the lanes at the end, so the
 * order of the additions, and so the rounding, follows the vector width. Then the same seed trains differently on an
 * AVX2 (256-bit) and an AVX-512 CPU. Every sum in the engine instead keeps {@value #SUM_LANES} logical partial sums,
 * element {@code i} of a run always going to logical lane {@code i % 16}, each lane adding its elements in increasing
 * order, and the 16 lanes added in one fixed order at the end ({@link #sum}). A 512-bit vector holds the 16 lanes at
 * once, a 256-bit one in {@link #PARTS} = 2 passes, a 128-bit one in 4: the same operations in the same order, so the
 * same bits. Products are fused multiply-adds everywhere, which IEEE 754 rounds once on every CPU.
 *
 * <p>Which width: the CPU's preferred one, unless the system property {@value VectorBits#PROPERTY} names 128, 256 or 512
 * (any shape runs on any CPU, slowly where it is not native): the cross-width test and the benchmark use it.
 *
 * <p>Example: {@code java -Dmnistlab.vectorBits=256 ...} runs AVX-512 machines on 256-bit vectors.
 */
final class Lanes {

    /** Logical partial sums of every reduction, whatever the hardware width. */
    static final int SUM_LANES = 16;
    static final VectorSpecies<Float> SPECIES = species(VectorBits.chosen());
    /** Hardware lanes per vector. */
    static final int LANES = SPECIES.length();
    /** Vectors that hold the {@value #SUM_LANES} logical lanes. */
    static final int PARTS = SUM_LANES / LANES;

    private Lanes() {
    }

    /** The species for {@code bits} (0: the CPU's own, at most 512 bits). */
    static VectorSpecies<Float> species(int bits) {
        return switch (bits) {
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            // Wider than 512 bits (SVE) would need more logical lanes: run such CPUs on 512-bit vectors.
            default -> FloatVector.SPECIES_PREFERRED.vectorBitSize() > 512 ? FloatVector.SPECIES_512
                    : FloatVector.SPECIES_PREFERRED;
        };
    }

    /** The width the kernels use, in bits. */
    static int bits() {
        return SPECIES.vectorBitSize();
    }

    /** Whether {@value VectorBits#PROPERTY} chose a width other than the CPU's own. */
    static boolean forced() {
        return SPECIES.vectorShape() != VectorShape.preferredShape();
    }

    /**
     * The {@value #SUM_LANES} logical partial sums at {@code a[offset..offset+15]} added in their fixed order, as a
     * balanced tree (fewer roundings than a chain, and the same on every CPU).
     */
    static float sum(float[] a, int offset) {
        float s0 = (a[offset] + a[offset + 8]) + (a[offset + 4] + a[offset + 12]);
        float s1 = (a[offset + 2] + a[offset + 10]) + (a[offset + 6] + a[offset + 14]);
        float s2 = (a[offset + 1] + a[offset + 9]) + (a[offset + 5] + a[offset + 13]);
        float s3 = (a[offset + 3] + a[offset + 11]) + (a[offset + 7] + a[offset + 15]);
        return (s0 + s1) + (s2 + s3);
    }

    /** The last index of a run of {@code length} elements that whole groups of {@value #SUM_LANES} reach. */
    static int loopBound(int length) {
        return length - length % SUM_LANES;
    }
}
