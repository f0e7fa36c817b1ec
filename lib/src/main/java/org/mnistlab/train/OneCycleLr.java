package org.mnistlab.train;

import java.util.Locale;

/**
 * PyTorch's {@code OneCycleLR} (two phases): warm up from {@code maxLr / divFactor} to {@code maxLr} over the
 * first {@code pctStart} of the run, then anneal to {@code maxLr / divFactor / finalDivFactor}. Like PyTorch, it
 * also cycles momentum the other way (high while the rate is low) when {@code cycleMomentum} is set.
 *
 * <p>Example: {@code LrSchedule.oneCycle(0.05).pctStart(0.2).divFactor(10).finalDivFactor(100)}
 *
 * @param maxLr          peak rate
 * @param pctStart       fraction of the run spent warming up, in (0, 1)
 * @param divFactor      initial rate = maxLr / divFactor
 * @param finalDivFactor final rate = initial rate / finalDivFactor
 * @param cosine         cosine annealing (PyTorch's default) or linear
 * @param cycleMomentum  whether momentum cycles between {@code baseMomentum} and {@code maxMomentum}
 * @param baseMomentum   momentum at the peak rate
 * @param maxMomentum    momentum at the start and end
 */
public record OneCycleLr(double maxLr, double pctStart, double divFactor, double finalDivFactor, boolean cosine,
                         boolean cycleMomentum, double baseMomentum, double maxMomentum) implements LrSchedule {

    public OneCycleLr {
        LrSchedule.requirePositive("OneCycle max learning rate", maxLr);
        if (!(pctStart > 0 && pctStart < 1)) throw new IllegalArgumentException("pctStart must be in (0, 1): " + pctStart);
        LrSchedule.requirePositive("OneCycle div factor", divFactor);
        LrSchedule.requirePositive("OneCycle final div factor", finalDivFactor);
        if (!(baseMomentum >= 0 && baseMomentum <= maxMomentum && maxMomentum < 1)) {
            throw new IllegalArgumentException("momentum must satisfy 0 <= base <= max < 1: " + baseMomentum
                    + ", " + maxMomentum);
        }
    }

    /** PyTorch's defaults for everything but the peak rate. */
    public static OneCycleLr of(double maxLr) {
        return new OneCycleLr(maxLr, 0.3, 25, 1e4, true, true, 0.85, 0.95);
    }

    public OneCycleLr pctStart(double value) {
        return new OneCycleLr(maxLr, value, divFactor, finalDivFactor, cosine, cycleMomentum, baseMomentum, maxMomentum);
    }

    public OneCycleLr divFactor(double value) {
        return new OneCycleLr(maxLr, pctStart, value, finalDivFactor, cosine, cycleMomentum, baseMomentum, maxMomentum);
    }

    public OneCycleLr finalDivFactor(double value) {
        return new OneCycleLr(maxLr, pctStart, divFactor, value, cosine, cycleMomentum, baseMomentum, maxMomentum);
    }

    public OneCycleLr linear() {
        return new OneCycleLr(maxLr, pctStart, divFactor, finalDivFactor, false, cycleMomentum, baseMomentum, maxMomentum);
    }

    /** Keep the optimiser's own momentum fixed. */
    public OneCycleLr fixedMomentum() {
        return new OneCycleLr(maxLr, pctStart, divFactor, finalDivFactor, cosine, false, baseMomentum, maxMomentum);
    }

    public OneCycleLr momentum(double base, double max) {
        return new OneCycleLr(maxLr, pctStart, divFactor, finalDivFactor, cosine, true, base, max);
    }

    public double initialLr() {
        return maxLr / divFactor;
    }

    public double finalLr() {
        return initialLr() / finalDivFactor;
    }

    @Override
    public double learningRate(int iteration, int epochs, int stepsPerEpoch) {
        return phaseValue(iteration, epochs * stepsPerEpoch, initialLr(), maxLr, finalLr());
    }

    @Override
    public double[] momentumPlan(int epochs, int stepsPerEpoch) {
        if (!cycleMomentum) return new double[0];
        int total = epochs * stepsPerEpoch;
        double[] m = new double[total];
        for (int i = 0; i < total; i++) m[i] = phaseValue(i, total, maxMomentum, baseMomentum, maxMomentum);
        return m;
    }

    /** PyTorch's two-phase interpolation: phase ends at pctStart*total-1 and total-1. */
    private double phaseValue(int step, int total, double start, double peak, double end) {
        double warmEnd = pctStart * total - 1;
        double lastStep = total - 1;
        if (step <= warmEnd) return anneal(start, peak, warmEnd <= 0 ? 1 : step / warmEnd);
        return anneal(peak, end, (step - warmEnd) / (lastStep - warmEnd));
    }

    private double anneal(double from, double to, double pct) {
        return cosine ? to + (from - to) / 2 * (StrictMath.cos(Math.PI * pct) + 1) : (to - from) * pct + from;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "OneCycle(max %s, %.0f%% warm-up, div %s, final div %s, %s%s)", maxLr,
                pctStart * 100, divFactor, finalDivFactor, cosine ? "cosine" : "linear",
                cycleMomentum ? ", momentum " + baseMomentum + "-" + maxMomentum : "");
    }
}
