package org.mnistlab.report;

import org.mnistlab.train.BatchProgress;

import java.util.Locale;

/**
 * The in-place progress line of a running epoch, shared by the terminal {@link ProgressBar} and the notebook's live
 * display: {@code Epoch  3/15 [#######-------------]  160/469 | loss 0.0812 | acc 97.61% | 6,012 img/s | ETA 51s}.
 * ASCII only, so it renders in any terminal encoding.
 */
public final class ProgressLine {

    /** Characters in the bar between the brackets. */
    public static final int BAR_WIDTH = 20;

    private ProgressLine() {
    }

    /** The line for the batch {@code p}. */
    public static String format(BatchProgress p) {
        int digits = String.valueOf(Math.max(p.epochs(), p.epoch())).length();
        int batchDigits = String.valueOf(p.batchesPerEpoch()).length();
        return String.format(Locale.ROOT, "Epoch %" + digits + "d/%d %s %" + batchDigits + "d/%d | loss %.4f | "
                        + "acc %.2f%% | %,.0f img/s | ETA %s",
                p.epoch(), p.epochs(), bar(fraction(p)), p.batch(), p.batchesPerEpoch(), p.runningLoss(),
                p.runningAccuracy(), p.samplesPerSecond(), duration(p.etaSeconds()));
    }

    /** Share of the epoch done, 0..1. */
    public static double fraction(BatchProgress p) {
        return p.batchesPerEpoch() <= 0 ? 0 : Math.max(0, Math.min(1, p.batch() / (double) p.batchesPerEpoch()));
    }

    static String bar(double fraction) {
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "]";
    }

    /** {@code 51s}, {@code 2m05s}, {@code 1h02m}; {@code ?} when unknown. */
    public static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "?";
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
