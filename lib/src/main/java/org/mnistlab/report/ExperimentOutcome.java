package org.mnistlab.report;

import org.mnistlab.train.TrainingHistory;

import java.util.Objects;

/**
 * One finished experiment, as a row of the comparison table ({@link Tables#comparison}).
 *
 * <p>Example: {@code new ExperimentOutcome("gap + BN", 42, 7_850, history, true)}
 *
 * @param experiment      the experiment's name
 * @param seed            random seed it ran with
 * @param trainableParams trainable parameters of its model
 * @param history         its per-epoch figures
 * @param targetMet       whether it reached the target (decided by the caller, e.g. min test accuracy of the last
 *                        3 epochs >= 99.4 % within 15 epochs and under 8,000 parameters)
 */
public record ExperimentOutcome(String experiment, int seed, long trainableParams, TrainingHistory history,
                                boolean targetMet) {

    public ExperimentOutcome {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(history, "history");
    }
}
