package org.mnistlab.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The per-epoch record of one training run, oldest first. Immutable: {@link #plus(EpochMetrics)} returns a new
 * history, so a listener can keep a reference without it changing underneath.
 *
 * <p>Example: {@code history.last().testAccuracy()}
 */
public record TrainingHistory(List<EpochMetrics> epochs) {

    public TrainingHistory {
        epochs = List.copyOf(epochs);
        for (int i = 0; i < epochs.size(); i++) {
            if (epochs.get(i).hasValidation() != epochs.get(0).hasValidation()) {
                throw new IllegalArgumentException("epoch " + (i + 1) + (epochs.get(i).hasValidation() ? " has" : " lacks")
                        + " validation figures, epoch 1 " + (epochs.get(0).hasValidation() ? "has them" : "not"));
            }
            if ((epochs.get(i).raw() == null) != (epochs.get(0).raw() == null)) {
                throw new IllegalArgumentException("epoch " + (i + 1) + " and epoch 1 differ in having raw scores");
            }
            if (epochs.get(i).epoch() != i + 1) {
                throw new IllegalArgumentException("epoch " + (i + 1) + " is numbered " + epochs.get(i).epoch());
            }
        }
    }

    public static TrainingHistory empty() {
        return new TrainingHistory(List.of());
    }

    public TrainingHistory plus(EpochMetrics metrics) {
        List<EpochMetrics> next = new ArrayList<>(epochs);
        next.add(metrics);
        return new TrainingHistory(next);
    }

    public int size() {
        return epochs.size();
    }

    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    public EpochMetrics last() {
        if (epochs.isEmpty()) throw new IllegalStateException("the history is empty");
        return epochs.get(epochs.size() - 1);
    }

    /**
     * The best epoch, the one whose checkpoint is kept: the highest validation accuracy when the run held out
     * validation images, else the highest test accuracy (the earliest one on a tie).
     */
    public Optional<EpochMetrics> best() {
        EpochMetrics best = null;
        for (EpochMetrics e : epochs) {
            if (best == null || e.choiceAccuracy() > best.choiceAccuracy()) best = e;
        }
        return Optional.ofNullable(best);
    }

    /** Whether the run recorded its raw weights' scores beside their average's (every epoch does, or none). */
    public boolean hasRaw() {
        return !epochs.isEmpty() && epochs.get(0).raw() != null;
    }

    /** Lowest raw-weight validation accuracy over the last {@code n} epochs; NaN without raw scores. */
    public double minRawValidationAccuracyOfLast(int n) {
        return hasRaw() ? lastEpochs(n).stream().mapToDouble(e -> e.raw().validationAccuracy()).min().orElse(Double.NaN)
                : Double.NaN;
    }

    /** Whether the run evaluated held-out validation images (every epoch does, or none). */
    public boolean hasValidation() {
        return !epochs.isEmpty() && epochs.get(0).hasValidation();
    }

    /** Lowest validation accuracy over the last {@code n} epochs: the target's rule, applied where choices are made. */
    public double minValidationAccuracyOfLast(int n) {
        return lastEpochs(n).stream().mapToDouble(EpochMetrics::validationAccuracy).min().orElse(Double.NaN);
    }

    /** The last {@code n} epochs (fewer when the history is shorter). */
    public List<EpochMetrics> lastEpochs(int n) {
        return Collections.unmodifiableList(epochs.subList(Math.max(0, epochs.size() - n), epochs.size()));
    }

    /** Lowest test accuracy over the last {@code n} epochs, the figure the target is judged on. */
    public double minTestAccuracyOfLast(int n) {
        return lastEpochs(n).stream().mapToDouble(EpochMetrics::testAccuracy).min().orElse(Double.NaN);
    }

    public double bestTrainAccuracy() {
        return epochs.stream().mapToDouble(EpochMetrics::trainAccuracy).max().orElse(Double.NaN);
    }

    /** The test accuracy of the {@link #best()} epoch. */
    public double bestTestAccuracy() {
        return best().map(EpochMetrics::testAccuracy).orElse(Double.NaN);
    }
}
