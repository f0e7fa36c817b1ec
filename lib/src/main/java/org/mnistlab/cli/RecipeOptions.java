package org.mnistlab.cli;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.Augmentations;
import org.mnistlab.augment.RandomAffine;
import org.mnistlab.augment.RandomRotation;
import org.mnistlab.model.Architecture;
import org.mnistlab.model.Models;
import org.mnistlab.train.ConstantLr;
import org.mnistlab.train.CyclicLr;
import org.mnistlab.train.Experiment;
import org.mnistlab.train.Experiments;
import org.mnistlab.train.HeldSchedule;
import org.mnistlab.train.LrSchedule;
import org.mnistlab.train.OneCycleLr;
import org.mnistlab.train.StepLr;
import picocli.CommandLine.Option;

import java.util.Locale;

/**
 * The options that say which recipe trains: an experiment and the changes made to it. {@code train} takes them, and
 * each variant of a {@code sweep} is a line of them, so a sweep's run is exactly the {@code train} command it prints.
 *
 * <p>Example: {@code --experiment 09-weight-average --batch 64 --augment 'rotation(7)' --max-lr 0.08}
 */
final class RecipeOptions {

    @Option(names = "--experiment", required = true, description = "Experiment name (see 'list'), or 'final'.")
    String experiment;

    @Option(names = "--epochs", description = "Epochs (default: the experiment's, 15).")
    Integer epochs;

    @Option(names = "--batch", description = "Batch size (default: the experiment's, 128).")
    Integer batch;

    @Option(names = "--limit", description = "Use only the first N training images (quick runs).")
    Integer limit;

    @Option(names = "--validation", description = "Hold out the fixed 10,000 validation images (one in six of "
            + "each digit): train on the other 50,000 and keep the best checkpoint by validation accuracy; the test "
            + "set only judges. Every run that chooses something (a sweep's variants) uses it.")
    boolean validation;

    @Option(names = "--lr", description = "Replace the schedule by this constant learning rate.")
    Double lr;

    @Option(names = "--schedule", description = "Replace the schedule: constant(LR), step(LR,EPOCHS,GAMMA), "
            + "onecycle(MAX) with PyTorch's defaults, or onecycle(MAX,WARMUP,DIV,FINAL_DIV).")
    String schedule;

    @Option(names = "--max-lr", description = "Keep the schedule's shape, change its peak (or constant) rate.")
    Double maxLr;

    @Option(names = "--schedule-epochs", description = "Run the schedule over the first N epochs, then hold its "
            + "final rate (and momentum) to the end of the run.")
    Integer scheduleEpochs;

    @Option(names = "--model", description = "Replace the experiment's model: baseline, batchnorm, dropout, gap, "
            + "final, small-gap, gap-linear, or an architecture's text form ('name 1x28x28 10 : conv(8,3,0,nobias) "
            + "bn relu ...').")
    String model;

    @Option(names = "--dropout", description = "Dropout rate after every ReLU of the model (0: none), replacing "
            + "the model's own dropout.")
    Double dropout;

    @Option(names = "--augment", description = "Replace the experiment's augmentation: none, light (rotation "
            + "+-7 deg), standard (RandomAffine), strong (affine + perspective + erasing), rotation(DEG), or "
            + "affine(DEG,SHIFT,SCALE_MIN,SCALE_MAX,SHEAR).")
    String augment;

    @Option(names = "--smoothing", description = "Label smoothing (default: the experiment's).")
    Double smoothing;

    @Option(names = "--weight-decay", description = "L2 weight decay (default: the experiment's).")
    Double weightDecay;

    @Option(names = "--ema", description = "Evaluate an exponential moving average of the weights with this decay, "
            + "e.g. 0.999 (0: the weights themselves; default: the experiment's).")
    Double ema;

    /** The experiment these options describe; a value that makes no sense fails here, before any training. */
    Experiment recipe() {
        Experiment e = Experiments.byName(experiment);
        if (epochs != null) e = e.withEpochs(epochs);
        if (batch != null) e = e.withBatchSize(batch);
        if (lr != null && schedule != null) throw new IllegalArgumentException("give --lr or --schedule, not both");
        if (lr != null) e = e.withSchedule(LrSchedule.constant(lr));
        if (schedule != null) e = e.withSchedule(schedule(schedule));
        if (maxLr != null && lr != null) throw new IllegalArgumentException("give --lr or --max-lr, not both");
        if (maxLr != null) e = e.withSchedule(withPeak(e.schedule(), maxLr));
        if (scheduleEpochs != null) {
            if (scheduleEpochs < 1 || scheduleEpochs > e.epochs()) {
                throw new IllegalArgumentException("--schedule-epochs must be in 1.." + e.epochs() + " (the run's "
                        + "epochs), got " + scheduleEpochs);
            }
            e = e.withSchedule(e.schedule().endsAtEpoch(scheduleEpochs));
        }
        if (augment != null) e = e.withAugmentation(augmentation(augment));
        if (model != null) {
            e = e.withArchitecture(model.contains(" : ") ? Architecture.parse(model) : Models.byName(model));
        }
        if (dropout != null) e = e.withArchitecture(e.architecture().withDropout(dropout));
        if (smoothing != null) e = e.withLabelSmoothing(smoothing);
        if (weightDecay != null) e = e.withWeightDecay(weightDecay);
        if (ema != null) e = e.toBuilder().averageWeights(ema).build();
        if (limit != null && limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        return e;
    }

    static LrSchedule schedule(String text) {
        double[] a = arguments(text, "schedule");
        String kind = kind(text);
        return switch (kind) {
            case "constant" -> {
                count(text, a, 1, 1);
                yield LrSchedule.constant(a[0]);
            }
            case "step" -> {
                count(text, a, 3, 3);
                if (a[1] != Math.rint(a[1])) throw new IllegalArgumentException(text + ": step epochs must be whole");
                yield LrSchedule.step(a[0], (int) a[1], a[2]);
            }
            case "onecycle" -> {
                count(text, a, 1, 4);
                OneCycleLr s = LrSchedule.oneCycle(a[0]);
                if (a.length > 1) s = s.pctStart(a[1]);
                if (a.length > 2) s = s.divFactor(a[2]);
                if (a.length > 3) s = s.finalDivFactor(a[3]);
                yield s;
            }
            default -> throw new IllegalArgumentException("unknown schedule '" + text
                    + "'; known: constant(LR), step(LR,EPOCHS,GAMMA), onecycle(MAX[,WARMUP,DIV,FINAL_DIV])");
        };
    }

    static Augmentation augmentation(String text) {
        if (!text.contains("(")) return Augmentations.byName(text);
        double[] a = arguments(text, "augmentation");
        return switch (kind(text)) {
            case "rotation" -> {
                count(text, a, 1, 1);
                yield RandomRotation.of(a[0]);
            }
            case "affine" -> {
                count(text, a, 5, 5);
                yield RandomAffine.of(a[0]).withTranslate(a[1], a[1]).withScale(a[2], a[3]).withShear(a[4]);
            }
            default -> throw new IllegalArgumentException("unknown augmentation '" + text
                    + "'; known: none, light, standard, strong, rotation(DEG), "
                    + "affine(DEG,SHIFT,SCALE_MIN,SCALE_MAX,SHEAR)");
        };
    }

    static LrSchedule withPeak(LrSchedule s, double peak) {
        if (s instanceof HeldSchedule h) return withPeak(h.schedule(), peak).endsAtEpoch(h.epochs());
        if (s instanceof OneCycleLr o) {
            return new OneCycleLr(peak, o.pctStart(), o.divFactor(), o.finalDivFactor(), o.cosine(), o.cycleMomentum(),
                    o.baseMomentum(), o.maxMomentum());
        }
        if (s instanceof StepLr st) return LrSchedule.step(peak, st.stepEpochs(), st.gamma());
        if (s instanceof ConstantLr) return LrSchedule.constant(peak);
        if (s instanceof CyclicLr c) return new CyclicLr(c.baseLr(), peak, c.stepUpEpochs(), c.mode());
        throw new IllegalArgumentException("--max-lr cannot change " + s.describe());
    }

    private static String kind(String text) {
        int open = text.indexOf('(');
        return (open < 0 ? text : text.substring(0, open)).trim().toLowerCase(Locale.ROOT);
    }

    private static double[] arguments(String text, String what) {
        int open = text.indexOf('(');
        if (open < 0 || !text.endsWith(")")) {
            throw new IllegalArgumentException("expected a " + what + " like name(1,2), got '" + text + "'");
        }
        String inside = text.substring(open + 1, text.length() - 1).trim();
        if (inside.isEmpty()) throw new IllegalArgumentException(text + ": no values in the parentheses");
        String[] parts = inside.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(text + ": '" + parts[i].trim() + "' is not a number");
            }
        }
        return values;
    }

    private static void count(String text, double[] values, int min, int max) {
        if (values.length < min || values.length > max) {
            throw new IllegalArgumentException(text + ": expected " + (min == max ? min : min + " to " + max)
                    + " values, got " + values.length);
        }
    }
}
