package org.mnistlab.train;

import java.util.Locale;

/**
 * A fixed learning rate.
 *
 * @param lr the rate
 */
public record ConstantLr(double lr) implements LrSchedule {

    public ConstantLr {
        LrSchedule.requirePositive("learning rate", lr);
    }

    @Override
    public double learningRate(int iteration, int epochs, int stepsPerEpoch) {
        return lr;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Constant(%s)", lr);
    }
}
