package org.mnistlab.augment;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Several augmentations applied one after the other, each drawing from the same per-sample generator.
 *
 * <pre>{@code Augmentation a = new AugmentationPipeline(List.of(RandomAffine.standard(), RandomErasing.standard()));}</pre>
 *
 * @param steps the augmentations, in the order they are applied
 */
public record AugmentationPipeline(List<Augmentation> steps) implements Augmentation {

    static final AugmentationPipeline EMPTY = new AugmentationPipeline(List.of());

    public AugmentationPipeline {
        steps = List.copyOf(steps); // also rejects null steps
    }

    @Override
    public float[] apply(float[] image, int height, int width, RandomGenerator random) {
        Augmentation.checkImage(image, height, width);
        float[] result = image;
        for (Augmentation step : steps) {
            result = step.apply(result, height, width, random);
        }
        return result;
    }
}
