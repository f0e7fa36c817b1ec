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
 * {@code MNIST_LAB_EPOCHS} and {@code MNIST_LAB_TRAIN_LIMIT} override either. A full run with fewer epochs or images
 * is not the experiment any more: it is labelled a reduced run, like a quick one.
 *
 * <p>Example: {@code RunMode mode = RunMode.fromEnvironment(); Experiment e = mode.apply(Experiments.gap());}
 *
 * @param full       true for the real experiment: the recipe's epochs on every image (then {@code epochs} and
 *                   {@code trainLimit} are 0)
 * @param epochs     epochs to run, or 0 for the experiment's own
 * @param trainLimit training images to use, or 0 for all
 */
public record RunMode(boolean full, int epochs, int trainLimit) {

    /** Two epochs: every lesson's model is above 97 % after the second epoch on all the images. */
    public static final int QUICK_EPOCHS = 2;

    /** Environment variable that sets the epochs of every notebook's runs. */
    public static final String EPOCHS_VARIABLE = "MNIST_LAB_EPOCHS";
    /** Environment variable that sets how many training images every notebook's runs use. */
    public static final String TRAIN_LIMIT_VARIABLE = "MNIST_LAB_TRAIN_LIMIT";

    public RunMode {
        if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 1 (0: the recipe's), got " + epochs);
        if (trainLimit < 0) {
            throw new IllegalArgumentException("the training images must be >= 1 (0: all), got " + trainLimit);
        }
        if (full && (epochs != 0 || trainLimit != 0)) {
            throw new IllegalArgumentException("a full run is the recipe's epochs on every image; fewer make a "
                    + "reduced run (full = false)");
        }
    }

    public static RunMode quickMode() {
        return new RunMode(false, QUICK_EPOCHS, 0);
    }

    public static RunMode fullMode() {
        return new RunMode(true, 0, 0);
    }

    /** From {@code MNIST_LAB_MODE}, {@code MNIST_LAB_EPOCHS}, {@code MNIST_LAB_TRAIN_LIMIT}; full when unset. */
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
        int epochs = positive(env, EPOCHS_VARIABLE, base.epochs());
        int limit = positive(env, TRAIN_LIMIT_VARIABLE, base.trainLimit());
        boolean full = base.full() && epochs == 0 && limit == 0;
        return new RunMode(full, epochs, limit);
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
     * E.g. {@code "Quick mode (2 epochs on all the training images): a smoke test, not the experiment's result."}
     */
    public String quickLabel() {
        if (full) return "";
        String name = name();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1) + " (" + amount()
                + "): a smoke test, not the experiment's result.";
    }

    /** E.g. {@code "quick mode: 2 epochs on all the training images"}. */
    public String describe() {
        return name() + ": " + amount();
    }

    /** {@code full mode}, {@code quick mode}, or {@code reduced run} for any other number of epochs or images. */
    private String name() {
        if (full) return "full mode";
        return epochs == QUICK_EPOCHS && trainLimit == 0 ? "quick mode" : "reduced run";
    }

    /**
     * E.g. {@code "2 epochs on all the training images"}: how many they are is the data's business (60,000, or the
     * 50,000 left once the validation images are held out).
     */
    private String amount() {
        String e = epochs > 0 ? epochs + " epochs" : "all epochs";
        String n = trainLimit > 0 ? String.format(Locale.ROOT, "%,d training images", trainLimit)
                : "all the training images";
        return e + " on " + n;
    }
}
