package org.mnistlab.train;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.RandomAffine;
import org.mnistlab.augment.RandomRotation;
import org.mnistlab.model.Models;

import java.util.List;

/**
 * The tutorial's experiments, in notebook order. Each changes one thing from the one before; the notebook of the
 * same number explains why.
 *
 * <p>Example: {@code Experiment e = Experiments.byName("04-gap");}
 */
public final class Experiments {

    private Experiments() {
    }

    /** 01: a plain CNN (no normalisation), SGD with momentum at a constant rate. */
    public static Experiment baseline() {
        return new Experiment("01-baseline", "Baseline: conv + ReLU, SGD", Models.baseline(), 15, 128,
                Optimizer.sgdMomentum(0.9), LrSchedule.constant(0.01), 0, 0, Augmentation.identity());
    }

    /** 02: the same with BatchNorm after every convolution. */
    public static Experiment batchNorm() {
        return new Experiment("02-batchnorm", "+ BatchNorm", Models.batchNorm(), 15, 128,
                Optimizer.sgdMomentum(0.9), LrSchedule.constant(0.01), 0, 0, Augmentation.identity());
    }

    /** 03: dropout (5 %) after every block, against over-fitting. */
    public static Experiment dropout() {
        return new Experiment("03-dropout", "+ Dropout 5%", Models.dropout(0.05), 15, 128,
                Optimizer.sgdMomentum(0.9), LrSchedule.constant(0.01), 0, 0, Augmentation.identity());
    }

    /** 04: global average pooling replaces the large head: under 8,000 parameters. */
    public static Experiment gap() {
        return new Experiment("04-gap", "GAP head (< 8k params)", Models.gap(0.05), 15, 128,
                Optimizer.sgdMomentum(0.9), LrSchedule.constant(0.01), 0, 0, Augmentation.identity());
    }

    /** 05: random affine augmentation of every training image, fresh each epoch. */
    public static Experiment augmentation() {
        return new Experiment("05-augmentation", "+ RandomAffine augmentation", Models.gap(0.05), 15, 128,
                Optimizer.sgdMomentum(0.9), LrSchedule.constant(0.01), 0, 0, RandomAffine.standard());
    }

    /**
     * 06a: the final model at a constant rate: the schedulers' baseline. The final model trains in batches of 64
     * (twice the updates of 128 in the same 15 epochs) on images rotated by up to ±7° (rotation only: the larger
     * RandomAffine of notebook 05 leaves this model short of fitting its training set), with label smoothing 0.02.
     */
    public static Experiment constantLr() {
        return new Experiment("06-constant-lr", "Final model, constant LR", Models.finalModel(), 15, 64,
                Optimizer.sgdMomentum(0.9), LrSchedule.constant(0.01), 0, 0.02, RandomRotation.of(7));
    }

    /** 06b: StepLR, a tenth of the rate every 5 epochs. */
    public static Experiment stepLr() {
        return new Experiment("06-step-lr", "Final model, StepLR", Models.finalModel(), 15, 64,
                Optimizer.sgdMomentum(0.9), LrSchedule.step(0.05, 5, 0.1), 0, 0.02, RandomRotation.of(7));
    }

    /** 06c, the final recipe: OneCycle (peak 0.05), Nesterov momentum, label smoothing 0.02, rotation ±7°. */
    public static Experiment oneCycle() {
        return new Experiment("06-one-cycle", "Final model, OneCycle", Models.finalModel(), 15, 64,
                Optimizer.sgdMomentum(0.9),
                LrSchedule.oneCycle(0.05).pctStart(0.2).divFactor(10).finalDivFactor(100),
                0, 0.02, RandomRotation.of(7));
    }

    /** The experiment that is meant to meet the target. */
    public static Experiment finalRecipe() {
        return oneCycle();
    }

    public static List<Experiment> all() {
        return List.of(baseline(), batchNorm(), dropout(), gap(), augmentation(), constantLr(), stepLr(), oneCycle());
    }

    /** By name ({@code 04-gap}), by name without its number ({@code gap}), or {@code final}. */
    public static Experiment byName(String name) {
        if ("final".equals(name)) return finalRecipe();
        for (Experiment e : all()) {
            if (e.name().equals(name) || e.name().substring(3).equals(name)) return e;
        }
        throw new IllegalArgumentException("unknown experiment '" + name + "'; known: "
                + String.join(", ", all().stream().map(Experiment::name).toList()) + ", final");
    }
}
