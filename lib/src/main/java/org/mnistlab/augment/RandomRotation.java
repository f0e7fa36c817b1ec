package org.mnistlab.augment;

import java.util.random.RandomGenerator;

/**
 * Rotation about the image centre by an angle drawn uniformly from {@code ±degrees} (positive = counter-clockwise),
 * bilinear, like torchvision's {@code RandomRotation}.
 *
 * <pre>{@code RandomRotation.of(7)}</pre>
 *
 * @param degrees maximum rotation either way
 * @param fill    value for uncovered pixels (normalised)
 */
public record RandomRotation(double degrees, float fill) implements Augmentation {

    public RandomRotation {
        Ranges.checkNonNegative("degrees", degrees);
        Ranges.checkFill(fill);
    }

    /** Rotation by up to ±{@code degrees}, black fill. */
    public static RandomRotation of(double degrees) {
        return new RandomRotation(degrees, MNIST_BLACK);
    }

    public RandomRotation withFill(float value) {
        return new RandomRotation(degrees, value);
    }

    @Override
    public float[] apply(float[] image, int height, int width, RandomGenerator random) {
        Augmentation.checkImage(image, height, width);
        double angle = Ranges.uniform(random, -degrees, degrees);
        return AffineTransform.rotation(angle).apply(image, height, width, fill);
    }
}
