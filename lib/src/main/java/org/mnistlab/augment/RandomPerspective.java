package org.mnistlab.augment;

import java.util.random.RandomGenerator;

/**
 * With probability {@code probability}, moves each corner of the image inwards by a random whole number of pixels,
 * up to {@code distortionScale} times half the width/height, and warps the image with the matching perspective
 * transform (torchvision's {@code RandomPerspective}, bilinear).
 *
 * <p>On 28x28 MNIST, {@code distortionScale = 0.2} moves each corner by 0–2 pixels in x and in y.
 *
 * <pre>{@code RandomPerspective.standard()   // distortion 0.2, applied to 25 % of the images}</pre>
 *
 * @param distortionScale how far corners may move, 0 (none) to 1 (up to half the image)
 * @param probability     chance that an image is warped at all
 * @param fill            value for uncovered pixels (normalised)
 */
public record RandomPerspective(double distortionScale, double probability, float fill) implements Augmentation {

    public RandomPerspective {
        Ranges.checkProbability("distortionScale", distortionScale);
        Ranges.checkProbability("probability", probability);
        Ranges.checkFill(fill);
    }

    /** The seeds' setting: distortion 0.2 with probability 0.25, black fill. */
    public static RandomPerspective standard() {
        return new RandomPerspective(0.2, 0.25, MNIST_BLACK);
    }

    public static RandomPerspective of(double distortionScale, double probability) {
        return new RandomPerspective(distortionScale, probability, MNIST_BLACK);
    }

    public RandomPerspective withFill(float value) {
        return new RandomPerspective(distortionScale, probability, value);
    }

    /** Draws the displaced corners (top-left, top-right, bottom-right, bottom-left) as torchvision's get_params. */
    public double[][] sampleEndpoints(int height, int width, RandomGenerator random) {
        int dx = (int) (distortionScale * (width / 2));
        int dy = (int) (distortionScale * (height / 2));
        double[] topLeft = {random.nextInt(0, dx + 1), random.nextInt(0, dy + 1)};
        double[] topRight = {random.nextInt(width - dx - 1, width), random.nextInt(0, dy + 1)};
        double[] bottomRight = {random.nextInt(width - dx - 1, width), random.nextInt(height - dy - 1, height)};
        double[] bottomLeft = {random.nextInt(0, dx + 1), random.nextInt(height - dy - 1, height)};
        return new double[][] {topLeft, topRight, bottomRight, bottomLeft};
    }

    /** The undisplaced corners of an image of this size. */
    public static double[][] corners(int height, int width) {
        return new double[][] {{0, 0}, {width - 1, 0}, {width - 1, height - 1}, {0, height - 1}};
    }

    @Override
    public float[] apply(float[] image, int height, int width, RandomGenerator random) {
        Augmentation.checkImage(image, height, width);
        if (!(random.nextDouble() < probability)) {
            return image;
        }
        double[][] endpoints = sampleEndpoints(height, width, random);
        return Homography.fromCorners(corners(height, width), endpoints).apply(image, height, width, fill);
    }
}
