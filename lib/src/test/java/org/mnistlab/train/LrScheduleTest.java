package org.mnistlab.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LrScheduleTest {

    @Test
    void oneCycleMatchesPyTorchAtItsLandmarks() {
        // pytorch_reference.py: OneCycleLR(max_lr=0.05, epochs=15, steps_per_epoch=469, pct_start=0.2,
        // div_factor=10, final_div_factor=100): starts at 0.005, peaks at step 0.2*7035-1 = 1406, ends at 5e-5.
        OneCycleLr s = LrSchedule.oneCycle(0.05).pctStart(0.2).divFactor(10).finalDivFactor(100);
        double[] lr = s.plan(15, 469);
        assertEquals(7035, lr.length);
        assertEquals(0.005, lr[0], 1e-12);
        assertEquals(0.05, lr[1406], 1e-12);
        assertEquals(5e-5, lr[7034], 1e-12);
        int peak = 0;
        for (int i = 0; i < lr.length; i++) if (lr[i] > lr[peak]) peak = i;
        assertEquals(1406, peak);
        // Halfway through the warm-up (cosine): the mean of start and peak.
        assertEquals((0.005 + 0.05) / 2, lr[703], 1e-12);
        double[] m = s.momentumPlan(15, 469);
        assertEquals(0.95, m[0], 1e-12);
        assertEquals(0.85, m[1406], 1e-12);
        assertEquals(0.95, m[7034], 1e-12);
    }

    @Test
    void oneCycleDefaultsArePyTorchs() {
        OneCycleLr s = LrSchedule.oneCycle(0.1);
        assertEquals(0.1 / 25, s.plan(4, 100)[0], 1e-12);
        assertEquals(0.1 / 25 / 1e4, s.plan(4, 100)[399], 1e-15);
        double[] linear = s.linear().plan(1, 101);
        assertEquals(0.004 + (0.1 - 0.004) * 10 / 29.3, linear[10], 1e-12); // warm-up ends at 0.3*101-1
    }

    @Test
    void aHeldScheduleRunsItsCourseThenHoldsItsLastRateAndMomentum() {
        OneCycleLr cycle = LrSchedule.oneCycle(0.1).pctStart(0.2).divFactor(10).finalDivFactor(100);
        LrSchedule held = cycle.endsAtEpoch(13);
        double[] lr = held.plan(15, 10);
        double[] own = cycle.plan(13, 10);
        assertEquals(150, lr.length);
        for (int i = 0; i < 130; i++) assertEquals(own[i], lr[i], 0, "iteration " + i);
        for (int i = 130; i < 150; i++) assertEquals(1e-4, lr[i], 1e-15, "held iteration " + i);
        double[] m = held.momentumPlan(15, 10);
        assertEquals(150, m.length);
        assertEquals(0.85, m[25], 1e-12);
        for (int i = 129; i < 150; i++) assertEquals(0.95, m[i], 1e-12);
        assertEquals(0, LrSchedule.constant(0.01).endsAtEpoch(3).momentumPlan(5, 2).length);
        // A run shorter than the schedule (a quick run) gets the whole schedule over its own length.
        assertArrayEquals(cycle.plan(2, 10), held.plan(2, 10), 0);
        // Ending again moves the end; it does not nest.
        assertEquals(new HeldSchedule(cycle, 12), held.endsAtEpoch(12));
        assertTrue(held.describe().endsWith(" over epochs 1-13, then held"), held.describe());
        assertThrows(IllegalArgumentException.class, () -> cycle.endsAtEpoch(0));
        assertThrows(IllegalArgumentException.class, () -> new HeldSchedule(new HeldSchedule(cycle, 3), 4));
    }

    @Test
    void stepLrChangesAtEpochBoundaries() {
        double[] lr = LrSchedule.step(0.1, 5, 0.1).plan(12, 10);
        assertEquals(0.1, lr[49], 1e-12);
        assertEquals(0.01, lr[50], 1e-12);
        assertEquals(0.01, lr[99], 1e-12);
        assertEquals(0.001, lr[100], 1e-12);
    }

    @Test
    void cyclicIsTriangular() {
        double[] lr = LrSchedule.cyclic(0.001, 0.011, 1).plan(4, 10);
        assertEquals(0.001, lr[0], 1e-12);
        assertEquals(0.006, lr[5], 1e-12);
        assertEquals(0.011, lr[10], 1e-12);
        assertEquals(0.001, lr[20], 1e-12);
        assertEquals(0.011, lr[30], 1e-12);
        double[] halving = new CyclicLr(0.001, 0.011, 1, CyclicLr.Mode.TRIANGULAR2).plan(4, 10);
        assertEquals(0.006, halving[30], 1e-12);
    }

    @Test
    void constantIsConstant() {
        for (double v : LrSchedule.constant(0.02).plan(2, 3)) assertEquals(0.02, v);
    }

    @Test
    void invalidSettingsFailAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(-0.1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(0.1, 2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.oneCycle(0.1).pctStart(1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.cyclic(0.1, 0.01, 1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.constant(0.1).plan(0, 10));
        assertTrue(LrSchedule.oneCycle(0.05).describe().startsWith("OneCycle"));
    }
}
