package org.mnistlab.augment;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Augments many images, optionally in parallel, with results that do not depend on scheduling: sample {@code i} of
 * epoch {@code e} always gets a generator seeded from {@code (seed, e, i)} (see {@link Seeds#forSample}).
 *
 * <pre>{@code new BatchAugmenter(Augmentations.standard(), 42, 28, 28).augment(pixels, order, 0, 128, epoch, out, true);}</pre>
 *
 * @param augmentation what to apply to each image
 * @param seed         user seed
 * @param height       image height
 * @param width        image width
 */
public record BatchAugmenter(Augmentation augmentation, long seed, int height, int width) {

    public BatchAugmenter {
        if (augmentation == null) {
            throw new IllegalArgumentException("augmentation must not be null");
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
    }

    /**
     * Writes the augmented images {@code images[sampleIndices[from + k]]}, {@code k < count}, one after the other into
     * {@code out} (which needs {@code count * height * width} floats). {@code images} holds all images back to back
     * and is only read.
     *
     * @param parallel use the common fork-join pool (the calling thread helps)
     */
    public void augment(float[] images, int[] sampleIndices, int from, int count, int epoch, float[] out,
                        boolean parallel) {
        int pixels = height * width;
        if (from < 0 || count < 0 || from + count > sampleIndices.length) {
            throw new IllegalArgumentException("range [" + from + ", " + (from + count) + ") outside the "
                    + sampleIndices.length + " sample indices");
        }
        if (out.length < count * pixels) {
            throw new IllegalArgumentException("output holds " + out.length + " floats, need " + count * pixels);
        }
        IntStream range = IntStream.range(0, count);
        (parallel ? range.parallel() : range).forEach(k -> {
            int sample = sampleIndices[from + k];
            float[] image = new float[pixels];
            System.arraycopy(images, sample * pixels, image, 0, pixels);
            float[] result = augmentation.apply(image, height, width, new SplittableRandom(Seeds.forSample(seed, epoch, sample)));
            System.arraycopy(result, 0, out, k * pixels, pixels);
        });
    }

    /** Augments all {@code images.length / (height * width)} images in dataset order; returns a new array. */
    public float[] augmentAll(float[] images, int epoch, boolean parallel) {
        int pixels = height * width;
        if (images.length % pixels != 0) {
            throw new IllegalArgumentException(images.length + " floats are not a whole number of " + pixels + "-pixel images");
        }
        int n = images.length / pixels;
        float[] out = new float[images.length];
        augment(images, IntStream.range(0, n).toArray(), 0, n, epoch, out, parallel);
        return out;
    }
}
