package org.mnistlab.notebook;

import org.mnistlab.report.Charts;
import org.mnistlab.report.EpochLine;
import org.mnistlab.report.Html;
import org.mnistlab.report.ProgressLine;
import org.mnistlab.report.Tables;
import org.mnistlab.train.BatchProgress;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Target;
import org.mnistlab.train.TrainingHistory;
import org.mnistlab.train.TrainingListener;
import org.mnistlab.train.TrainingPlan;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Live view of a training run in a notebook cell: one progress line (epoch, batch, running loss and accuracy,
 * throughput, ETA) updated in place at most 4 times a second, and below it one loss/accuracy chart redrawn after
 * every epoch in the same output, not appended 15 times. Outside a notebook the same listener prints to the console
 * and rewrites one PNG file.
 *
 * <p>Example: {@code trainer.listener(new LiveTraining())}
 */
public final class LiveTraining implements TrainingListener {

    private static final long MIN_INTERVAL_NANOS = 250_000_000L;

    private final Display display;
    private final LongSupplier nanoClock;
    private final Function<TrainingHistory, ?> finalChart;
    private String progressId;
    private String chartId;
    private int epochs;
    private long lastProgress = Long.MIN_VALUE;

    /** On {@link Display#auto()}. */
    public LiveTraining() {
        this(Display.auto());
    }

    public LiveTraining(Display display) {
        this(display, System::nanoTime);
    }

    LiveTraining(Display display, LongSupplier nanoClock) {
        this(display, nanoClock, Charts::lossAndAccuracy);
    }

    private LiveTraining(Display display, LongSupplier nanoClock, Function<TrainingHistory, ?> finalChart) {
        this.display = Objects.requireNonNull(display, "display");
        this.nanoClock = nanoClock;
        this.finalChart = Objects.requireNonNull(finalChart, "finalChart");
    }

    /**
     * The same live view, whose chart becomes {@code chart} of the whole history when training ends: one picture
     * stays in the cell, not the live one and a second beside it.
     */
    public LiveTraining withFinalChart(Function<TrainingHistory, ?> chart) {
        return new LiveTraining(display, nanoClock, chart);
    }

    @Override
    public void onStart(TrainingPlan plan) {
        epochs = plan.epochs();
        String line = String.format(Locale.ROOT, "Training %s: epochs %d-%d, %,d batches per epoch, %,d training and "
                        + "%,d test images", plan.modelName(), plan.firstEpoch(), plan.epochs(), plan.batchesPerEpoch(),
                plan.trainSamples(), plan.testSamples());
        showOrUpdateProgress(MimeBundle.html(box(Html.escape(line)), line));
        if (chartId == null) {
            chartId = display.showUpdatable(MimeBundle.text("(loss and accuracy curves appear here after the first epoch)"));
        }
    }

    @Override
    public void onBatch(BatchProgress p) {
        long now = nanoClock.getAsLong();
        if (progressId != null && lastProgress != Long.MIN_VALUE && now - lastProgress < MIN_INTERVAL_NANOS) return;
        lastProgress = now;
        epochs = p.epochs();
        String html = box(String.format(Locale.ROOT,
                "<progress value=\"%d\" max=\"%d\" style=\"width:220px;vertical-align:middle\"></progress> "
                        + "Epoch %d/%d &middot; batch %d/%d &middot; loss %.4f &middot; acc %.2f%% &middot; "
                        + "%,.0f img/s &middot; ETA %s",
                p.batch(), p.batchesPerEpoch(), p.epoch(), p.epochs(), p.batch(), p.batchesPerEpoch(),
                p.runningLoss(), p.runningAccuracy(), p.samplesPerSecond(), ProgressLine.duration(p.etaSeconds())));
        showOrUpdateProgress(MimeBundle.html(html, ProgressLine.format(p)));
    }

    @Override
    public void onEpoch(EpochMetrics metrics, TrainingHistory history) {
        String line = EpochLine.format(metrics, Math.max(epochs, metrics.epoch()));
        showOrUpdateProgress(MimeBundle.html(box(Html.escape(line)), line));
        lastProgress = Long.MIN_VALUE;
        showOrUpdate(Charts.lossAndAccuracy(history));
    }

    @Override
    public void onEnd(TrainingHistory history) {
        if (history.isEmpty()) {
            showOrUpdateProgress(MimeBundle.text("Training ended before the first epoch finished."));
            return;
        }
        EpochMetrics best = history.best().orElseThrow();
        String line;
        if (history.hasValidation()) {
            line = String.format(Locale.ROOT, "Finished %d epochs: best epoch on validation %d (validation %.2f%%, "
                    + "test %.2f%%)", history.size(), best.epoch(), best.validationAccuracy(), best.testAccuracy());
            if (history.size() >= Target.standard().lastEpochs()) {
                line += String.format(Locale.ROOT, ", lowest validation accuracy of the last %d: %.2f%%",
                        Target.standard().lastEpochs(), history.minValidationAccuracyOfLast(Target.standard().lastEpochs()));
            }
        } else {
            line = String.format(Locale.ROOT, "Finished %d epochs: best test accuracy %.2f%% (epoch %d)",
                    history.size(), best.testAccuracy(), best.epoch());
            if (history.size() >= Target.standard().lastEpochs()) {
                line += String.format(Locale.ROOT, ", lowest of the last %d: %.2f%%", Target.standard().lastEpochs(),
                        history.minTestAccuracyOfLast(Target.standard().lastEpochs()));
            }
        }
        showOrUpdateProgress(MimeBundle.html(box(Html.escape(line)), line));
        showOrUpdate(finalChart.apply(history));
    }

    private void showOrUpdateProgress(MimeBundle bundle) {
        if (progressId == null) progressId = display.showUpdatable(bundle);
        else display.update(progressId, bundle);
    }

    private void showOrUpdate(Object chart) {
        if (chartId == null) chartId = display.showUpdatable(chart);
        else display.update(chartId, chart);
    }

    private static String box(String innerHtml) {
        return "<div style=\"font-family:monospace;font-size:14px;white-space:nowrap\">" + innerHtml + "</div>";
    }
}
