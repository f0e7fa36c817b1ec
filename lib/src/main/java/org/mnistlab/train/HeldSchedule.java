package org.mnistlab.train;

import java.util.Arrays;

/**
 * A schedule compressed into the first {@code epochs} epochs of a run, whose last rate (and momentum) is then held
 * to the end. The target is judged on the last 3 epochs, so a schedule that has finished annealing before them is
 * judged on the weights it converged to, not on weights still moving at a rate that is still falling.
 *
 * <p>A run shorter than {@code epochs} (a quick run) gets the whole schedule over its own length.
 *
 * <p>Example: {@code LrSchedule.oneCycle(0.1).pctStart(0.2).endsAtEpoch(13)}: the cycle over epochs 1-13, then its
 * final rate for epochs 14 and 15.
 *
 * @param schedule the schedule that runs first
 * @param epochs   the epoch at whose end it is finished, >= 1
 */
public record HeldSchedule(LrSchedule schedule, int epochs) implements LrSchedule {

    public HeldSchedule {
        if (schedule instanceof HeldSchedule) throw new IllegalArgumentException("a held schedule cannot be held again");
        if (epochs < 1) throw new IllegalArgumentException("a schedule must end at epoch >= 1, got " + epochs);
    }

    @Override
    public double learningRate(int iteration, int runEpochs, int stepsPerEpoch) {
        int own = ownEpochs(runEpochs);
        return schedule.learningRate(Math.min(iteration, own * stepsPerEpoch - 1), own, stepsPerEpoch);
    }

    @Override
    public double[] momentumPlan(int runEpochs, int stepsPerEpoch) {
        double[] own = schedule.momentumPlan(ownEpochs(runEpochs), stepsPerEpoch);
        if (own.length == 0) return own;
        double[] all = Arrays.copyOf(own, Math.multiplyExact(runEpochs, stepsPerEpoch));
        Arrays.fill(all, own.length, all.length, own[own.length - 1]);
        return all;
    }

    /** The same schedule ending at another epoch (never a schedule held twice). */
    @Override
    public LrSchedule endsAtEpoch(int epoch) {
        return new HeldSchedule(schedule, epoch);
    }

    @Override
    public String describe() {
        return schedule.describe() + " over epochs 1-" + epochs + ", then held";
    }

    private int ownEpochs(int runEpochs) {
        return Math.min(epochs, runEpochs);
    }
}
