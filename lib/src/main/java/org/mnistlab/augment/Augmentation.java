package org.mnistlab.augment;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A random transformation of one grey-scale image, stored row-major as {@code height * width} floats.
 *
 * <p>Images are normalised (MNIST: {@code (x/255 - 0.1307) / 0.3081}), so pixels uncovered by a geometric transform are
 * filled with the normalised value of black, {@link #MNIST_BLACK}, unless a different fill is configured.
 * Implementations never modify their input (the dataset's pixel array is shared) and draw all randomness from the
 * generator passed in, so the same generator state always gives the same output.
 *
 * <pre>{@code float[] out = Augmentations.standard().apply(image, 28, 28, new SplittableRandom(7));}</pre>
 */
@FunctionalInterface
// A run records its schedule and augmentation by type name and fields (RecipeRecord), so a rewording changes nothing.
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface Augmentation {

    /** Normalised value of a black MNIST pixel: {@code (0 - 0.1307) / 0.3081}, about -0.4242. */
    float MNIST_BLACK = (0f - 0.1307f) / 0.3081f;

    /**
     * Returns the augmented image. Never modifies {@code image}; may return {@code image} itself when the draw leaves
     * it unchanged (for example a transform applied with probability {@code p} that was not applied).
     *
     * @param image  row-major pixels, length {@code height * width}
     * @param random source of all randomness for this one image
     */
    float[] apply(float[] image, int height, int width, RandomGenerator random);

    /** The augmentation that returns every image unchanged. */
    static Augmentation identity() {
        return AugmentationPipeline.EMPTY;
    }

    /** Applies {@code steps} in order, all drawing from the same generator: {@code Augmentation.pipeline(a, b, c)}. */
    static Augmentation pipeline(Augmentation... steps) {
        return new AugmentationPipeline(List.of(steps));
    }

    /** This augmentation followed by {@code next}. */
    default Augmentation then(Augmentation next) {
        return pipeline(this, next);
    }

    /** Throws a clear error when an image does not have {@code height * width} pixels. */
    static void checkImage(float[] image, int height, int width) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (image.length != height * width) {
            throw new IllegalArgumentException(
                    "image has " + image.length + " pixels but " + height + "x" + width + " = " + height * width
                            + " were expected");
        }
    }
}
