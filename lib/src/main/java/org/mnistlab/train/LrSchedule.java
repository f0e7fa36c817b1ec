package org.mnistlab.train;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How the learning rate changes over a run, stepped once per training batch (iteration), like PyTorch's schedulers
 * when {@code scheduler.step()} is called after every {@code optimizer.step()}.
 *
 * <p>A schedule is a recipe: the run's length fixes the curve. {@link #plan(int, int)} gives that curve before
 * training, for a chart, and the trainer hands the same numbers to DL4J, so planned and actual agree.
 *
 * <p>Example: {@code double[] lr = LrSchedule.oneCycle(0.05).plan(15, 469);}
 */
// A run records its schedule and augmentation by type name and fields (RecipeRecord), so a rewording changes nothing.
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface LrSchedule {

    /** Learning rate of every iteration of a run of {@code epochs} x {@code stepsPerEpoch} iterations. */
    default double[] plan(int epochs, int stepsPerEpoch) {
        if (epochs < 1 || stepsPerEpoch < 1) {
            throw new IllegalArgumentException("a plan needs epochs >= 1 and steps per epoch >= 1, got " + epochs
                    + " and " + stepsPerEpoch);
        }
        int total = Math.multiplyExact(epochs, stepsPerEpoch);
        double[] lr = new double[total];
        for (int i = 0; i < total; i++) lr[i] = learningRate(i, epochs, stepsPerEpoch);
        return lr;
    }

    /** Learning rate at 0-based {@code iteration} of a run of {@code epochs} x {@code stepsPerEpoch}. */
    double learningRate(int iteration, int epochs, int stepsPerEpoch);

    /**
     * Momentum per iteration when the schedule also drives momentum (OneCycle does, as in PyTorch), else empty:
     * the optimiser's fixed momentum applies.
     */
    default double[] momentumPlan(int epochs, int stepsPerEpoch) {
        return new double[0];
    }

    /**
     * This schedule over the first {@code epoch} epochs, then its last rate (and momentum) held to the end of the
     * run: see {@link HeldSchedule}.
     */
    default LrSchedule endsAtEpoch(int epoch) {
        return new HeldSchedule(this, epoch);
    }

    /** One line for logs and tables, e.g. {@code OneCycle(max 0.05, 20% warm-up, cosine)}. */
    String describe();

    /** The same rate throughout. */
    static LrSchedule constant(double lr) {
        return new ConstantLr(lr);
    }

    /** PyTorch's StepLR: {@code lr * gamma^floor(epoch / stepEpochs)}. */
    static LrSchedule step(double lr, int stepEpochs, double gamma) {
        return new StepLr(lr, stepEpochs, gamma);
    }

    /** PyTorch's OneCycleLR with its defaults (30 % warm-up, div 25, final div 1e4, cosine, momentum 0.85-0.95). */
    static OneCycleLr oneCycle(double maxLr) {
        return OneCycleLr.of(maxLr);
    }

    /** PyTorch's CyclicLR in triangular mode, {@code stepUpEpochs} epochs up and as many down. */
    static LrSchedule cyclic(double baseLr, double maxLr, double stepUpEpochs) {
        return new CyclicLr(baseLr, maxLr, stepUpEpochs, CyclicLr.Mode.TRIANGULAR);
    }

    static void requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + value);
        }
    }
}
