package org.mnistlab.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Against SciPy, computed once: {@code scipy.stats.ttest_rel(after, before).confidence_interval(0.95)} and
 * {@code numpy.mean(after - before)} for the same figures (printed by the snippet in each test's comment).
 */
class PairedDifferenceTest {

    // SciPy 1.17.1, NumPy: the mean difference and confidence_interval(0.95) of scipy.stats.ttest_rel(after, before).
    private static final double SCIPY_3_MEAN = 0.04999999999999716;
    private static final double SCIPY_3_LOW = -0.07420688558751228;
    private static final double SCIPY_3_HIGH = 0.17420688558750658;
    private static final double SCIPY_5_MEAN = 0.1039999999999992;
    private static final double SCIPY_5_LOW = 0.07409677106109344;
    private static final double SCIPY_5_HIGH = 0.13390322893890497;

    @Test
    void threeSeedsWhoseSpreadHidesTheEffect() {
        // import numpy as np, scipy.stats as st; b=np.array([99.05,99.12,99.20]); a=np.array([99.10,99.22,99.20])
        // r=st.ttest_rel(a,b); print((a-b).mean(), r.confidence_interval(0.95))
        PairedDifference d = PairedDifference.of(new double[] {99.05, 99.12, 99.20}, new double[] {99.10, 99.22, 99.20});
        assertEquals(SCIPY_3_MEAN, d.mean(), 1e-12);
        assertEquals(SCIPY_3_LOW, d.low(), 1e-9);
        assertEquals(SCIPY_3_HIGH, d.high(), 1e-9);
        assertEquals(PairedDifference.Verdict.NO_MEASURABLE_DIFFERENCE, d.verdict());
        assertEquals("+0.05 points (95 % CI -0.07 to +0.17, 3 paired seeds): no difference these 3 seeds can measure",
                d.describe());
    }

    @Test
    void fiveSeedsThatAllMoveTheSameWay() {
        // b=np.array([99.30,99.35,99.28,99.40,99.33]); a=np.array([99.41,99.44,99.40,99.47,99.46]); same prints
        PairedDifference d = PairedDifference.of(new double[] {99.30, 99.35, 99.28, 99.40, 99.33},
                new double[] {99.41, 99.44, 99.40, 99.47, 99.46});
        assertEquals(SCIPY_5_MEAN, d.mean(), 1e-12);
        assertEquals(SCIPY_5_LOW, d.low(), 1e-9);
        assertEquals(SCIPY_5_HIGH, d.high(), 1e-9);
        assertEquals(PairedDifference.Verdict.BETTER, d.verdict());
        PairedDifference reverse = PairedDifference.of(new double[] {99.41, 99.44, 99.40, 99.47, 99.46},
                new double[] {99.30, 99.35, 99.28, 99.40, 99.33});
        assertEquals(PairedDifference.Verdict.WORSE, reverse.verdict());
        assertEquals(-d.low(), reverse.high(), 1e-12);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(new double[] {1}, new double[] {2}));
        assertThrows(IllegalArgumentException.class,
                () -> PairedDifference.of(new double[] {1, 2}, new double[] {2, 3, 4}));
        assertThrows(IllegalArgumentException.class,
                () -> PairedDifference.of(new double[] {1, Double.NaN}, new double[] {2, 3}));
    }
}
