package org.mnistlab.train;

import java.util.Locale;

/**
 * PyTorch's {@code CyclicLR}: the rate climbs linearly from {@code baseLr} to {@code maxLr} over
 * {@code stepUpEpochs} epochs and falls back over as many, again and again. In {@code TRIANGULAR2} mode each cycle's
 * height is half the previous one.
 *
 * @param baseLr       lowest rate
 * @param maxLr        highest rate of the first cycle
 * @param stepUpEpochs half a cycle, in epochs (may be fractional)
 * @param mode         triangular or triangular2
 */
public record CyclicLr(double baseLr, double maxLr, double stepUpEpochs, Mode mode) implements LrSchedule {

    /** Cycle shapes, as in PyTorch. */
    public enum Mode { TRIANGULAR, TRIANGULAR2 }

    public CyclicLr {
        LrSchedule.requirePositive("cyclic base learning rate", baseLr);
        LrSchedule.requirePositive("cyclic half-cycle length", stepUpEpochs);
        if (!(maxLr >= baseLr)) throw new IllegalArgumentException("cyclic max rate must be >= base rate: " + maxLr);
    }

    public CyclicLr halving() {
        return new CyclicLr(baseLr, maxLr, stepUpEpochs, Mode.TRIANGULAR2);
    }

    @Override
    public double learningRate(int iteration, int epochs, int stepsPerEpoch) {
        double stepSize = Math.max(1, Math.round(stepUpEpochs * stepsPerEpoch));
        double cycle = Math.floor(1 + iteration / (2 * stepSize));
        double x = Math.abs(iteration / stepSize - 2 * cycle + 1);
        double scale = mode == Mode.TRIANGULAR ? 1 : 1 / StrictMath.pow(2, cycle - 1);
        return baseLr + (maxLr - baseLr) * Math.max(0, 1 - x) * scale;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Cyclic(%s-%s, %s epochs up, %s)", baseLr, maxLr, stepUpEpochs,
                mode.name().toLowerCase(Locale.ROOT));
    }
}
