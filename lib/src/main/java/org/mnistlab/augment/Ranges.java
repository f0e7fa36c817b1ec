package org.mnistlab.augment;

import java.util.random.RandomGenerator;

/** Small helpers for drawing and validating parameter ranges. */
final class Ranges {
    private Ranges() {
    }

    /** Uniform in [low, high); exactly {@code low} when the range is empty, without consuming a draw. */
    static double uniform(RandomGenerator random, double low, double high) {
        return high > low ? random.nextDouble(low, high) : low;
    }

    static void checkNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
        }
    }

    static void checkProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
        }
    }

    static void checkRange(String name, double low, double high) {
        if (!(low <= high) || !Double.isFinite(low) || !Double.isFinite(high)) {
            throw new IllegalArgumentException(name + " must be a finite range with min <= max, got [" + low + ", " + high + "]");
        }
    }

    static void checkFill(float fill) {
        if (!Float.isFinite(fill)) {
            throw new IllegalArgumentException("fill must be finite, got " + fill);
        }
    }
}
