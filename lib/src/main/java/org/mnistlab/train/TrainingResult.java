package org.mnistlab.train;

import org.mnistlab.model.Network;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link Trainer#fit} returns.
 *
 * @param network   the network after the last epoch, as it was evaluated (a recipe that averages weights: the
 *                  average)
 * @param history   one record per epoch
 * @param seconds   wall-clock seconds of this call
 * @param bestModel the best checkpoint, when checkpoints were written (else null)
 */
public record TrainingResult(Network network, TrainingHistory history, double seconds, Path bestModel) {

    public Optional<Path> bestCheckpoint() {
        return Optional.ofNullable(bestModel);
    }

    /** Judges the run against {@code target}. */
    public TargetVerdict verdict(Target target) {
        return target.judge(history, network.trainableParameters());
    }
}
