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
     * 06a: one max-pool instead of two: the 1x1 head and the average now see a 6x6 map whose units each see 18x18
     * pixels, instead of a 3x3 one; no parameter changes.
     */
    public static Experiment onePool() {
        return augmentation().toBuilder().name("06-one-pool").title("One max-pool")
                .model(Models.gapOnePool(0.05)).build();
    }

    /** 06b: wider blocks (8-14 | 14-16-18), the final model's 7,772 parameters, still with 5 % dropout. */
    public static Experiment wider() {
        return onePool().toBuilder().name("06-wider").title("Wider blocks")
                .model(Models.finalModel().withDropout(0.05)).build();
    }

    /** 07a: the wider model without dropout. */
    public static Experiment noDropout() {
        return wider().toBuilder().name("07-no-dropout").title("No dropout").model(Models.finalModel()).build();
    }

    /** 07b: batches of 64: twice the updates in the same 15 epochs. */
    public static Experiment batch64() {
        return noDropout().toBuilder().name("07-batch-64").title("Batches of 64").batchSize(64).build();
    }

    /** 07c: label smoothing 0.02: the targets become 0.982 and 0.002 instead of 1 and 0. */
    public static Experiment labelSmoothing() {
        return batch64().toBuilder().name("07-label-smoothing").title("Label smoothing").labelSmoothing(0.02)
                .build();
    }

    /** 08a: StepLR, a tenth of the rate every 5 epochs, from 0.05. */
    public static Experiment stepLr() {
        return labelSmoothing().toBuilder().name("08-step-lr").title("StepLR")
                .schedule(LrSchedule.step(0.05, 5, 0.1)).build();
    }

    /**
     * 08b: OneCycle to a peak of 0.1 over epochs 1-13, then its final rate held for epochs 14 and 15, so that the
     * three judged epochs see settled weights.
     */
    public static Experiment oneCycle() {
        return labelSmoothing().toBuilder().name("08-one-cycle").title("OneCycle")
                .schedule(LrSchedule.oneCycle(0.1).pctStart(0.2).divFactor(10).finalDivFactor(100).endsAtEpoch(13))
                .build();
    }

    /**
     * 09, the final recipe: 08's OneCycle run evaluated on an exponential moving average of its weights (decay
     * 0.999, about the last thousand steps). Training is unchanged; only what is evaluated and kept differs.
     */
    public static Experiment weightAverage() {
        return oneCycle().toBuilder().name("09-weight-average").title("Weight average").averageWeights(0.999).build();
    }

    /**
     * 11, the smallest network found: the network the size search chose on validation
     * ({@code results/sweeps/smallest/}), trained as the final recipe but in batches of 32 (twice the steps, which
     * the small networks of the search needed), confirmed on ten fresh seeds
     * ({@code results/sweeps/confirmation-small/}).
     */
    public static Experiment smallest() {
        return weightAverage().toBuilder().name("11-smallest").title("The smallest network").model(Models.smallest())
                .batchSize(32).build();
    }

    /** The experiment that is meant to meet the target. */
    public static Experiment finalRecipe() {
        return weightAverage();
    }

    public static List<Experiment> all() {
        return List.of(baseline(), batchNorm(), dropout(), gap(), augmentation(), onePool(), wider(), noDropout(),
                batch64(), labelSmoothing(), stepLr(), oneCycle(), weightAverage(), smallest());
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
