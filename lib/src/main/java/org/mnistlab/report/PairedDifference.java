package org.mnistlab.report;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.Locale;

/**
 * How much one experiment changes a figure over another, seed by seed: the mean of the paired differences
 * ({@code after[i] - before[i]}, the same seed {@code i} in both), its 95 % confidence interval by Student's t with
 * {@code n - 1} degrees of freedom, and a plain verdict. Pairing by seed removes what the seeds share (the same
 * initial weights, batch order and augmentation), so a few seeds can tell an effect from luck when the seeds'
 * spread alone could not.
 *
 * <p>Example: {@code PairedDifference.of(before, after).describe()} gives e.g.
 * {@code +0.06 points (95 % CI -0.05 to +0.17, 3 paired seeds): no difference these 3 seeds can measure}.
 *
 * @param seeds the number of paired seeds, at least 2
 * @param mean  the mean difference, in the figures' unit (percentage points for accuracies)
 * @param sd    the sample standard deviation of the differences
 * @param low   the lower end of the 95 % confidence interval of the mean
 * @param high  the upper end
 */
public record PairedDifference(int seeds, double mean, double sd, double low, double high) {

    /** What the interval says. */
    public enum Verdict {
        /** The whole interval is above zero. */
        BETTER,
        /** The whole interval is below zero. */
        WORSE,
        /** The interval covers zero: no difference these seeds can measure. */
        NO_MEASURABLE_DIFFERENCE;

        /** The verdict in words, e.g. {@code "no difference these 5 seeds can measure"}. */
        public String words(int seeds) {
            return switch (this) {
                case BETTER -> "better";
                case WORSE -> "worse";
                case NO_MEASURABLE_DIFFERENCE -> "no difference these " + seeds + " seeds can measure";
            };
        }
    }

    public PairedDifference {
        if (seeds < 2) throw new IllegalArgumentException("a paired difference needs at least 2 seeds, got " + seeds);
        if (!(low <= mean && mean <= high)) {
            throw new IllegalArgumentException("the interval " + low + ".." + high + " does not hold the mean " + mean);
        }
    }

    /**
     * The paired difference {@code after - before}, seed by seed.
     *
     * @throws IllegalArgumentException when the arrays differ in length, hold fewer than 2 seeds, or a NaN
     */
    public static PairedDifference of(double[] before, double[] after) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("paired seeds: " + before.length + " figures before, " + after.length
                    + " after");
        }
        int n = before.length;
        if (n < 2) throw new IllegalArgumentException("a paired difference needs at least 2 seeds, got " + n);
        double[] d = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            d[i] = after[i] - before[i];
            if (Double.isNaN(d[i])) throw new IllegalArgumentException("seed " + (i + 1) + " has no figure (NaN)");
            sum += d[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : d) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / (n - 1));
        double half = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new PairedDifference(n, mean, sd, mean - half, mean + half);
    }

    public Verdict verdict() {
        if (low > 0) return Verdict.BETTER;
        if (high < 0) return Verdict.WORSE;
        return Verdict.NO_MEASURABLE_DIFFERENCE;
    }

    /** E.g. {@code +0.06 points (95 % CI -0.05 to +0.17, 3 paired seeds): no difference these 3 seeds can measure}. */
    public String describe() {
        return String.format(Locale.ROOT, "%+.2f points (95 %% CI %+.2f to %+.2f, %d paired seeds): %s", mean, low,
                high, seeds, verdict().words(seeds));
    }
}
