package org.mnistlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The goal the tutorial chases: at least {@code minAccuracy} % test accuracy in each of the last {@code lastEpochs}
 * epochs, in at most {@code maxEpochs} epochs, with fewer than {@code maxParams} trainable parameters.
 *
 * <p>Example: {@code TargetVerdict v = Target.standard().judge(history, net.trainableParameters());}
 *
 * @param minAccuracy test accuracy in percent each of the last epochs must reach
 * @param lastEpochs  how many final epochs must reach it
 * @param maxEpochs   most epochs allowed
 * @param maxParams   trainable parameters must be strictly fewer than this
 */
public record Target(double minAccuracy, int lastEpochs, int maxEpochs, long maxParams) {

    public Target {
        if (!(minAccuracy > 0 && minAccuracy <= 100)) throw new IllegalArgumentException("accuracy in (0, 100]: " + minAccuracy);
        if (lastEpochs < 1 || maxEpochs < lastEpochs || maxParams < 1) {
            throw new IllegalArgumentException("invalid target: last " + lastEpochs + " of <= " + maxEpochs
                    + " epochs, < " + maxParams + " parameters");
        }
    }

    /** >= 99.4 % in each of the last 3 of <= 15 epochs, < 8,000 trainable parameters. */
    public static Target standard() {
        return new Target(99.4, 3, 15, 8000);
    }

    /** Judges a finished run. */
    public TargetVerdict judge(TrainingHistory history, long trainableParams) {
        List<String> reasons = new ArrayList<>();
        double minLast = history.minTestAccuracyOfLast(lastEpochs);
        if (history.size() < lastEpochs) {
            reasons.add(String.format(Locale.ROOT, "only %d epochs ran; the target needs the last %d",
                    history.size(), lastEpochs));
        } else {
            for (EpochMetrics e : history.lastEpochs(lastEpochs)) {
                if (e.testAccuracy() < minAccuracy) {
                    reasons.add(String.format(Locale.ROOT, "epoch %d: test accuracy %.2f%% < %.2f%%", e.epoch(),
                            e.testAccuracy(), minAccuracy));
                }
            }
        }
        if (history.size() > maxEpochs) {
            reasons.add(String.format(Locale.ROOT, "%d epochs > the %d allowed", history.size(), maxEpochs));
        }
        if (trainableParams >= maxParams) {
            reasons.add(String.format(Locale.ROOT, "%,d trainable parameters >= %,d", trainableParams, maxParams));
        }
        return new TargetVerdict(this, reasons.isEmpty(), minLast, history.size(), trainableParams, reasons);
    }

    public String describe() {
        return String.format(Locale.ROOT, ">= %.2f%% test accuracy in each of the last %d of <= %d epochs, < %,d "
                + "trainable parameters", minAccuracy, lastEpochs, maxEpochs, maxParams);
    }
}
