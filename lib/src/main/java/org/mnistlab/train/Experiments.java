package org.mnistlab.train;

import org.mnistlab.augment.RandomAffine;
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
        return Experiment.named("01-baseline").title("Baseline: conv + ReLU, SGD").model(Models.baseline())
                .epochs(15).batchSize(128).optimizer(Optimizer.sgdMomentum(0.9)).schedule(LrSchedule.constant(0.01))
                .build();
    }

    /** 02: the same with BatchNorm after every convolution. */
    public static Experiment batchNorm() {
        return baseline().toBuilder().name("02-batchnorm").title("+ BatchNorm").model(Models.batchNorm()).build();
    }

    /** 03: dropout (5 %) after every block, against over-fitting. */
    public static Experiment dropout() {
        return batchNorm().toBuilder().name("03-dropout").title("+ Dropout 5%").model(Models.dropout(0.05)).build();
    }

    /** 04: global average pooling replaces the large head: under 8,000 parameters. */
    public static Experiment gap() {
        return dropout().toBuilder().name("04-gap").title("GAP head (< 8k params)").model(Models.gap(0.05)).build();
    }

    /** 05: random affine augmentation of every training image, fresh each epoch. */
    public static Experiment augmentation() {
        return gap().toBuilder().name("05-augmentation").title("+ RandomAffine augmentation")
                .augmentation(RandomAffine.standard()).build();
    }

    /**
     * 06a: the final model at a constant rate: the schedulers' baseline. The final model is wider (7,772 parameters)
     * and trains in batches of 64 (twice the updates of 128 in the same 15 epochs) on notebook 05's RandomAffine
     * digits, with label smoothing 0.02.
     */
    public static Experiment constantLr() {
        return augmentation().toBuilder().name("06-constant-lr").title("Final model, constant LR")
                .model(Models.finalModel()).batchSize(64).labelSmoothing(0.02).build();
    }

    /** 06b: StepLR, a tenth of the rate every 5 epochs. */
    public static Experiment stepLr() {
        return constantLr().toBuilder().name("06-step-lr").title("Final model, StepLR")
                .schedule(LrSchedule.step(0.05, 5, 0.1)).build();
    }

    /**
     * 06c, the final recipe: OneCycle to a peak of 0.1 over epochs 1-13, then its final rate held for epochs 14 and
     * 15, so that the three judged epochs see settled weights; Nesterov momentum, label smoothing 0.02, RandomAffine;
     * evaluated on an exponential moving average of the weights (decay 0.999, about the last thousand steps).
     */
    public static Experiment oneCycle() {
        return constantLr().toBuilder().name("06-one-cycle").title("Final model, OneCycle")
                .schedule(LrSchedule.oneCycle(0.1).pctStart(0.2).divFactor(10).finalDivFactor(100).endsAtEpoch(13))
                .averageWeights(0.999).build();
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
