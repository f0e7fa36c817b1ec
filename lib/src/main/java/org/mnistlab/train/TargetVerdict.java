package org.mnistlab.train;

import java.util.List;
import java.util.Locale;

/**
 * Whether a run met its {@link Target}, and why not.
 *
 * @param target          what was asked
 * @param met             all conditions hold
 * @param minLastAccuracy lowest test accuracy over the target's last epochs
 * @param epochs          epochs the run trained
 * @param trainableParams trainable parameters of the model
 * @param reasons         each failed condition, empty when met
 */
public record TargetVerdict(Target target, boolean met, double minLastAccuracy, int epochs, long trainableParams,
                            List<String> reasons) {

    public TargetVerdict {
        reasons = List.copyOf(reasons);
    }

    /** E.g. {@code "target met: min 99.47% over the last 3 epochs, 15 epochs, 7,112 parameters"}. */
    public String describe() {
        String facts = String.format(Locale.ROOT, "min %.2f%% over the last %d epochs, %d epochs, %,d parameters",
                minLastAccuracy, target.lastEpochs(), epochs, trainableParams);
        return met ? "target met: " + facts : "target missed: " + String.join("; ", reasons) + " (" + facts + ")";
    }
}
