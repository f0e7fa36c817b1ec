package org.mnistlab.train;

import java.util.Locale;

/**
 * PyTorch's {@code StepLR}: the rate is multiplied by {@code gamma} every {@code stepEpochs} epochs. Evaluated per
 * iteration, it changes at the first batch of epochs {@code stepEpochs + 1}, {@code 2 * stepEpochs + 1}, ...
 *
 * @param lr         starting rate
 * @param stepEpochs epochs between reductions
 * @param gamma      factor applied at each reduction, in (0, 1]
 */
public record StepLr(double lr, int stepEpochs, double gamma) implements LrSchedule {

    public StepLr {
        LrSchedule.requirePositive("learning rate", lr);
        if (stepEpochs < 1) throw new IllegalArgumentException("StepLR step size must be >= 1 epoch: " + stepEpochs);
        if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("StepLR gamma must be in (0, 1]: " + gamma);
    }

    @Override
    public double learningRate(int iteration, int epochs, int stepsPerEpoch) {
        int epoch = iteration / stepsPerEpoch;
        return lr * StrictMath.pow(gamma, epoch / stepEpochs);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "StepLR(%s, x%s every %d epochs)", lr, gamma, stepEpochs);
    }
}
