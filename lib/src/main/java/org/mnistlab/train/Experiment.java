package org.mnistlab.train;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.model.Architecture;

import java.util.Objects;

/**
 * One tutorial experiment: a model and the recipe that trains it. Notebooks and the command-line runner read the
 * same record, so {@code mnistlab run train --experiment X} reproduces the notebook's full run.
 *
 * <p>Example: {@code Experiment e = Experiments.byName("05-augmentation").withEpochs(3);}
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
 */
public record Experiment(String name, String title, Architecture architecture, int epochs, int batchSize,
                         Optimizer optimizer, LrSchedule schedule, double weightDecay, double labelSmoothing,
                         Augmentation augmentation) {

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
    }

    public Experiment withEpochs(int value) {
        return new Experiment(name, title, architecture, value, batchSize, optimizer, schedule, weightDecay,
                labelSmoothing, augmentation);
    }

    public Experiment withBatchSize(int value) {
        return new Experiment(name, title, architecture, epochs, value, optimizer, schedule, weightDecay,
                labelSmoothing, augmentation);
    }

    public Experiment withArchitecture(Architecture value) {
        return new Experiment(name, title, value, epochs, batchSize, optimizer, schedule, weightDecay,
                labelSmoothing, augmentation);
    }

    public Experiment withSchedule(LrSchedule value) {
        return new Experiment(name, title, architecture, epochs, batchSize, optimizer, value, weightDecay,
                labelSmoothing, augmentation);
    }

    public Experiment withAugmentation(Augmentation value) {
        return new Experiment(name, title, architecture, epochs, batchSize, optimizer, schedule, weightDecay,
                labelSmoothing, value);
    }

    public Experiment withWeightDecay(double value) {
        return new Experiment(name, title, architecture, epochs, batchSize, optimizer, schedule, value,
                labelSmoothing, augmentation);
    }

    public Experiment withLabelSmoothing(double value) {
        return new Experiment(name, title, architecture, epochs, batchSize, optimizer, schedule, weightDecay,
                value, augmentation);
    }

    public Experiment named(String value, String newTitle) {
        return new Experiment(value, newTitle, architecture, epochs, batchSize, optimizer, schedule, weightDecay,
                labelSmoothing, augmentation);
    }

    /** A trainer with this recipe; add listeners or a checkpoint folder before {@code build()}. */
    public Trainer.Builder trainer(long seed) {
        return Trainer.builder().epochs(epochs).optimizer(optimizer).schedule(schedule).weightDecay(weightDecay)
                .labelSmoothing(labelSmoothing).seed(seed);
    }

    /** The recipe in one line, e.g. for a notebook's Target block. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s: %,d params, %d epochs, batch %d, %s, %s%s%s%s", name,
                architecture.trainableParameters(), epochs, batchSize, optimizer.describe(), schedule.describe(),
                weightDecay > 0 ? ", weight decay " + weightDecay : "",
                labelSmoothing > 0 ? ", label smoothing " + labelSmoothing : "",
                augmentation.equals(Augmentation.identity()) ? "" : ", augmentation " + augmentation);
    }
}
