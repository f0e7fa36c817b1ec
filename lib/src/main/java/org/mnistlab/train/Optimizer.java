package org.mnistlab.train;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The update rule; the learning rate comes from the {@link LrSchedule}.
 *
 * <p>DL4J has one momentum method, Nesterov's ({@code Nesterovs}): {@link #sgdMomentum(double)} uses it, which is
 * PyTorch's {@code SGD(momentum=m, nesterov=True)}.
 *
 * @param kind     SGD, SGD with Nesterov momentum, or Adam
 * @param momentum momentum (Nesterov) or Adam's beta1
 * @param beta2    Adam's beta2 (unused otherwise)
 */
public record Optimizer(Kind kind, double momentum, double beta2) {

    /** The update rules DL4J offers that the tutorial uses. */
    public enum Kind { SGD, NESTEROV, ADAM }

    public Optimizer {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1): " + beta2);
    }

    /** Plain stochastic gradient descent. */
    public static Optimizer sgd() {
        return new Optimizer(Kind.SGD, 0, 0);
    }

    /** SGD with Nesterov momentum, e.g. 0.9. */
    public static Optimizer sgdMomentum(double momentum) {
        return new Optimizer(Kind.NESTEROV, momentum, 0);
    }

    /** Adam with the usual betas (0.9, 0.999). */
    public static Optimizer adam() {
        return new Optimizer(Kind.ADAM, 0.9, 0.999);
    }

    /**
     * The DL4J updater for a run: per-iteration learning rates (and momenta, where the schedule drives them) from
     * the schedule's plan.
     */
    public IUpdater toUpdater(LrSchedule schedule, int epochs, int stepsPerEpoch) {
        ISchedule lr = perIteration(schedule.plan(epochs, stepsPerEpoch));
        double[] momenta = schedule.momentumPlan(epochs, stepsPerEpoch);
        return switch (kind) {
            case SGD -> new Sgd(lr);
            case NESTEROV -> momenta.length > 0 ? new Nesterovs(lr, perIteration(momenta)) : new Nesterovs(lr, momentum);
            case ADAM -> new Adam.Builder().learningRateSchedule(lr).beta1(momentum).beta2(beta2).epsilon(1e-8).build();
        };
    }

    private static ISchedule perIteration(double[] values) {
        Map<Integer, Double> map = new HashMap<>(values.length * 2);
        for (int i = 0; i < values.length; i++) map.put(i, values[i]);
        return new MapSchedule(ScheduleType.ITERATION, map);
    }

    public String describe() {
        return switch (kind) {
            case SGD -> "SGD";
            case NESTEROV -> String.format(Locale.ROOT, "SGD + Nesterov momentum %s", momentum);
            case ADAM -> String.format(Locale.ROOT, "Adam(%s, %s)", momentum, beta2);
        };
    }
}
