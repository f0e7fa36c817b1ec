package org.mnistlab.train;

import org.mnistlab.data.BatchSource;
import org.mnistlab.model.Network;

/**
 * One epoch's evaluations of a network: on the test images, and on the validation images (null when the run has
 * none).
 *
 * <p>Example: {@code EpochEvaluations.of(network, test, validation).test().accuracy()}
 */
record EpochEvaluations(Evaluation test, Evaluation validation) {

    static EpochEvaluations of(Network network, BatchSource test, BatchSource validation) {
        return new EpochEvaluations(Evaluation.of(network, test.epoch(1)),
                validation == null ? null : Evaluation.of(network, validation.epoch(1)));
    }

    /** These scores as a run evaluated on a weight average records its raw weights': what the average adds. */
    RawScores raw() {
        return new RawScores(validation.loss(), validation.accuracy(), test.loss(), test.accuracy());
    }
}
