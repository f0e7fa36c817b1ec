package org.mnistlab.train;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.model.Architecture;

import java.util.Objects;

/**
 * One tutorial experiment: a model and the recipe that trains it. Notebooks and the command-line runner read the
 * same record, so {@code mnistlab run train --experiment X} reproduces the notebook's full run.
 *
 * <p>Example: {@code Experiment e = Experiments.byName("05-augmentation").withEpochs(3);}, or a new one with
 * {@link #named(String)}.
 *
 * @param name           folder name under {@code results/}, e.g. {@code 04-gap}
 * @param title          one line for tables and charts
 * @param architecture   the model
 * @param epochs         epochs in a full run
 * @param batchSize      training batch size
 * @param optimizer      update rule
 * @param schedule       learning rate over the run
 * @param weightDecay    L2 weight decay
 * @param labelSmoothing label smoothing factor
 * @param augmentation   training-time augmentation ({@link Augmentation#identity()} for none)
 * @param weightAverage  decay of the exponential moving average of the weights that is evaluated (0: the weights
 *                       themselves are)
 */
public record Experiment(String name, String title, Architecture architecture, int epochs, int batchSize,
                         Optimizer optimizer, LrSchedule schedule, double weightDecay, double labelSmoothing,
                         Augmentation augmentation, double weightAverage) {

    public Experiment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(augmentation, "augmentation");
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (!(weightAverage >= 0 && weightAverage < 1)) {
            throw new IllegalArgumentException("weight average (EMA) decay must be in [0, 1), got " + weightAverage);
        }
    }

    /**
     * A new experiment, step by step; what is not set keeps the tutorial's defaults: 15 epochs, batch 128, SGD with
     * momentum 0.9 at a constant 0.01, no weight decay, no label smoothing, no augmentation.
     *
     * <p>Example: {@code Experiment.named("04-gap").title("GAP head").model(Models.gap()).build()}
     */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** A builder holding this recipe, to change a few steps of it. */
    public Builder toBuilder() {
        return new Builder(name).title(title).model(architecture).epochs(epochs).batchSize(batchSize)
                .optimizer(optimizer).schedule(schedule).weightDecay(weightDecay).labelSmoothing(labelSmoothing)
                .augmentation(augmentation).averageWeights(weightAverage);
    }

    public Experiment withEpochs(int value) {
        return toBuilder().epochs(value).build();
    }

    public Experiment withBatchSize(int value) {
        return toBuilder().batchSize(value).build();
    }

    public Experiment withArchitecture(Architecture value) {
        return toBuilder().model(value).build();
    }

    public Experiment withSchedule(LrSchedule value) {
        return toBuilder().schedule(value).build();
    }

    public Experiment withAugmentation(Augmentation value) {
        return toBuilder().augmentation(value).build();
    }

    public Experiment withWeightDecay(double value) {
        return toBuilder().weightDecay(value).build();
    }

    public Experiment withLabelSmoothing(double value) {
        return toBuilder().labelSmoothing(value).build();
    }

    /** A trainer with this recipe; add listeners or a checkpoint folder before {@code build()}. */
    public Trainer.Builder trainer(long seed) {
        return Trainer.builder().epochs(epochs).optimizer(optimizer).schedule(schedule).weightDecay(weightDecay)
                .labelSmoothing(labelSmoothing).weightAverage(weightAverage).seed(seed);
    }

    /** The recipe in one line, e.g. for a notebook's Target block. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s: %,d params, %d epochs, batch %d, %s, %s%s%s%s%s", name,
                architecture.trainableParameters(), epochs, batchSize, optimizer.describe(), schedule.describe(),
                weightDecay > 0 ? ", weight decay " + weightDecay : "",
                labelSmoothing > 0 ? ", label smoothing " + labelSmoothing : "",
                augmentation.equals(Augmentation.identity()) ? "" : ", augmentation " + augmentation,
                weightAverage > 0 ? ", evaluated on the weights' moving average (EMA " + weightAverage + ")" : "");
    }

    /** Named steps for an {@link Experiment}; {@link #build()} checks the values. */
    public static final class Builder {
        private String name;
        private String title;
        private Architecture architecture;
        private int epochs = 15;
        private int batchSize = 128;
        private Optimizer optimizer = Optimizer.sgdMomentum(0.9);
        private LrSchedule schedule = LrSchedule.constant(0.01);
        private double weightDecay;
        private double labelSmoothing;
        private Augmentation augmentation = Augmentation.identity();
        private double weightAverage;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            this.title = name;
        }

        /** The folder name under {@code results/}, e.g. {@code 04-gap}. */
        public Builder name(String value) {
            this.name = Objects.requireNonNull(value, "name");
            return this;
        }

        /** One line for tables and charts (default: the name). */
        public Builder title(String value) {
            this.title = Objects.requireNonNull(value, "title");
            return this;
        }

        public Builder model(Architecture value) {
            this.architecture = value;
            return this;
        }

        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder optimizer(Optimizer value) {
            this.optimizer = value;
            return this;
        }

        public Builder schedule(LrSchedule value) {
            this.schedule = value;
            return this;
        }

        /** L2 weight decay on conv and dense weights. */
        public Builder weightDecay(double value) {
            this.weightDecay = value;
            return this;
        }

        public Builder labelSmoothing(double value) {
            this.labelSmoothing = value;
            return this;
        }

        /** Training-time augmentation (default: none). */
        public Builder augmentation(Augmentation value) {
            this.augmentation = value;
            return this;
        }

        /**
         * Evaluate an exponential moving average of the weights with this decay (e.g. 0.999: about the last
         * thousand steps), not the weights of the last step; 0 (the default) evaluates the weights themselves.
         */
        public Builder averageWeights(double decay) {
            this.weightAverage = decay;
            return this;
        }

        public Experiment build() {
            return new Experiment(name, title, architecture, epochs, batchSize, optimizer, schedule, weightDecay,
                    labelSmoothing, augmentation, weightAverage);
        }
    }
}
