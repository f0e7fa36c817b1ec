package org.mnistlab.train;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Full or quick: how much of an experiment a notebook or test runs.
 *
 * <p>Full mode, the default, is the real experiment: the recipe's epochs on all 60,000 training images (two to
 * three minutes on two cores). Quick mode trains {@value #QUICK_EPOCHS} epochs, still on every training image, so
 * that a run takes under a minute and still learns for real (above 97 % test accuracy); its figures are labelled
 * quick wherever they appear, because they are not the experiment's result. Both test on all 10,000 test images.
 *
 * <p>A notebook chooses in one cell ({@code RunMode mode = RunMode.quickMode();} and run the cells again: no
 * restart); {@code MNIST_LAB_MODE=quick|full} sets the default for every notebook (the tests use quick), and
 * {@code EPOCHS} and {@code TRAIN_LIMIT} override either.
 *
 * <p>Example: {@code RunMode mode = RunMode.fromEnvironment(); Experiment e = mode.apply(Experiments.gap());}
 *
 * @param full       true for the real experiment
 * @param epochs     epochs to run, or 0 for the experiment's own
 * @param trainLimit training images to use, or 0 for all
 */
public record RunMode(boolean full, int epochs, int trainLimit) {

    /** Two epochs: every lesson's model is above 97 % after the second epoch on all the images. */
    public static final int QUICK_EPOCHS = 2;

    public RunMode {
        if (epochs < 0) throw new IllegalArgumentException("EPOCHS must be >= 1, got " + epochs);
        if (trainLimit < 0) throw new IllegalArgumentException("TRAIN_LIMIT must be >= 1, got " + trainLimit);
    }

    public static RunMode quickMode() {
        return new RunMode(false, QUICK_EPOCHS, 0);
    }

    public static RunMode fullMode() {
        return new RunMode(true, 0, 0);
    }

    /** From {@code MNIST_LAB_MODE}, {@code EPOCHS}, {@code TRAIN_LIMIT}; full when unset. */
    public static RunMode fromEnvironment() {
        return from(System::getenv);
    }

    static RunMode from(Map<String, String> env) {
        return from(env::get);
    }

    static RunMode from(Function<String, String> env) {
        String mode = env.apply("MNIST_LAB_MODE");
        RunMode base;
        if (mode == null || mode.isBlank() || mode.trim().equalsIgnoreCase("full")) {
            base = fullMode();
        } else if (mode.trim().equalsIgnoreCase("quick")) {
            base = quickMode();
        } else {
            throw new IllegalArgumentException("MNIST_LAB_MODE must be 'quick' or 'full', got '" + mode + "'");
        }
        int epochs = positive(env, "EPOCHS", base.epochs());
        int limit = positive(env, "TRAIN_LIMIT", base.trainLimit());
        return new RunMode(base.full(), epochs, limit);
    }

    private static int positive(Function<String, String> env, String name, int fallback) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number >= 1, got '" + value + "'");
        }
    }

    /** The experiment as this mode runs it (fewer epochs in quick mode). */
    public Experiment apply(Experiment experiment) {
        return epochs > 0 ? experiment.withEpochs(epochs) : experiment;
    }

    /**
     * What a quick run's figures are, to show above them; empty in full mode, whose figures are the experiment's.
     * E.g. {@code "Quick mode (2 epochs on all 60,000 training images): a smoke test, not the experiment's result."}
     */
    public String quickLabel() {
        if (full) return "";
        return "Quick mode (" + amount() + "): a smoke test, not the experiment's result.";
    }

    /** E.g. {@code "quick mode: 2 epochs on all 60,000 training images"}. */
    public String describe() {
        return (full ? "full mode" : "quick mode") + ": " + amount();
    }

    /** E.g. {@code "2 epochs on all 60,000 training images"}. */
    private String amount() {
        String e = epochs > 0 ? epochs + " epochs" : "all epochs";
        String n = trainLimit > 0 ? String.format(Locale.ROOT, "%,d training images", trainLimit)
                : "all 60,000 training images";
        return e + " on " + n;
    }
}
