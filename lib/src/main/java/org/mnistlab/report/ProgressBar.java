package org.mnistlab.report;

import org.mnistlab.train.BatchProgress;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.TrainingHistory;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A terminal progress bar on one line, redrawn in place with {@code \r}, at most 10 times a second. It draws only
 * when the output is an interactive console: piped into a file or a CI log it prints nothing per batch (the
 * runner's per-epoch line, see {@link EpochLine}, is the record). The line is wiped at the end of each epoch so the
 * epoch line starts on a clean line.
 *
 * <p>Example: {@code trainer.listener(new ProgressBar())}
 */
public final class ProgressBar implements org.mnistlab.train.TrainingListener {

    private static final long MIN_INTERVAL_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private long lastDraw = Long.MIN_VALUE;
    private int drawnWidth;

    /** On {@code System.out}, drawing only if this JVM has a console (stdin and stdout are a terminal). */
    public ProgressBar() {
        this(System.out, System.console() != null);
    }

    /**
     * @param out         where to draw
     * @param interactive whether {@code out} is a terminal that understands {@code \r}; when false nothing is drawn
     */
    public ProgressBar(PrintStream out, boolean interactive) {
        this(out, interactive, System::nanoTime);
    }

    ProgressBar(PrintStream out, boolean interactive, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.interactive = interactive;
        this.nanoClock = nanoClock;
    }

    @Override
    public void onBatch(BatchProgress progress) {
        if (!interactive) return;
        long now = nanoClock.getAsLong();
        boolean last = progress.batch() >= progress.batchesPerEpoch();
        if (!last && lastDraw != Long.MIN_VALUE && now - lastDraw < MIN_INTERVAL_NANOS) return;
        lastDraw = now;
        String line = ProgressLine.format(progress);
        // Pad with spaces to wipe the tail of a longer previous line.
        String padding = " ".repeat(Math.max(0, drawnWidth - line.length()));
        out.print("\r" + line + padding);
        out.flush();
        drawnWidth = line.length();
    }

    @Override
    public void onEpoch(EpochMetrics metrics, TrainingHistory history) {
        clear();
    }

    @Override
    public void onEnd(TrainingHistory history) {
        clear();
    }

    private void clear() {
        if (!interactive || drawnWidth == 0) return;
        out.print("\r" + " ".repeat(drawnWidth) + "\r");
        out.flush();
        drawnWidth = 0;
        lastDraw = Long.MIN_VALUE;
    }
}
