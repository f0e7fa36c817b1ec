package org.mnistlab.augment;

import java.util.random.RandomGenerator;

/**
 * Random rotation, translation, scaling and shear in one bilinear resampling, drawn like torchvision's
 * {@code RandomAffine}: angle uniform in {@code ±degrees}; translation uniform in {@code ±translateX * width} and
 * {@code ±translateY * height} pixels, rounded to whole pixels (as torchvision does); scale uniform in
 * {@code [scaleMin, scaleMax]}; horizontal shear uniform in {@code ±shearDegrees}.
 *
 * <pre>{@code RandomAffine.standard()                       // ±10°, 8 % shift, scale 0.95–1.08, shear ±8°
 * RandomAffine.of(15).withTranslate(0.1, 0.1)   // ±15°, 10 % shift}</pre>
 *
 * @param degrees      maximum rotation either way, in degrees
 * @param translateX   maximum horizontal shift as a fraction of the width
 * @param translateY   maximum vertical shift as a fraction of the height
 * @param scaleMin     smallest scale factor
 * @param scaleMax     largest scale factor
 * @param shearDegrees maximum horizontal shear either way, in degrees (below 90)
 * @param fill         value for uncovered pixels (normalised)
 */
public record RandomAffine(double degrees, double translateX, double translateY, double scaleMin, double scaleMax,
                           double shearDegrees, float fill) implements Augmentation {

    public RandomAffine {
        Ranges.checkNonNegative("degrees", degrees);
        Ranges.checkNonNegative("translateX", translateX);
        Ranges.checkNonNegative("translateY", translateY);
        if (translateX > 1 || translateY > 1) {
            throw new IllegalArgumentException("translate fractions must be at most 1, got " + translateX + ", " + translateY);
        }
        Ranges.checkRange("scale", scaleMin, scaleMax);
        if (!(scaleMin > 0)) {
            throw new IllegalArgumentException("scaleMin must be positive, got " + scaleMin);
        }
        Ranges.checkNonNegative("shearDegrees", shearDegrees);
        if (shearDegrees >= 90) {
            throw new IllegalArgumentException("shearDegrees must be below 90, got " + shearDegrees);
        }
        Ranges.checkFill(fill);
    }

    /** The seeds' setting: ±10°, translate 8 % in x and y, scale 0.95–1.08, shear ±8°, black fill. */
    public static RandomAffine standard() {
        return new RandomAffine(10, 0.08, 0.08, 0.95, 1.08, 8, MNIST_BLACK);
    }

    /** Rotation only, ±{@code degrees}; add the rest with the {@code with...} methods. */
    public static RandomAffine of(double degrees) {
        return new RandomAffine(degrees, 0, 0, 1, 1, 0, MNIST_BLACK);
    }

    public RandomAffine withDegrees(double maxDegrees) {
        return new RandomAffine(maxDegrees, translateX, translateY, scaleMin, scaleMax, shearDegrees, fill);
    }

    public RandomAffine withTranslate(double fractionX, double fractionY) {
        return new RandomAffine(degrees, fractionX, fractionY, scaleMin, scaleMax, shearDegrees, fill);
    }

    public RandomAffine withScale(double min, double max) {
        return new RandomAffine(degrees, translateX, translateY, min, max, shearDegrees, fill);
    }

    public RandomAffine withShear(double maxDegrees) {
        return new RandomAffine(degrees, translateX, translateY, scaleMin, scaleMax, maxDegrees, fill);
    }

    public RandomAffine withFill(float value) {
        return new RandomAffine(degrees, translateX, translateY, scaleMin, scaleMax, shearDegrees, value);
    }

    /** Draws one transform for an image of the given size (the same draws, in the same order, as torchvision). */
    public AffineTransform sample(int height, int width, RandomGenerator random) {
        double angle = Ranges.uniform(random, -degrees, degrees);
        double maxDx = translateX * width;
        double maxDy = translateY * height;
        double dx = Math.rint(Ranges.uniform(random, -maxDx, maxDx));
        double dy = Math.rint(Ranges.uniform(random, -maxDy, maxDy));
        double scale = Ranges.uniform(random, scaleMin, scaleMax);
        double shear = Ranges.uniform(random, -shearDegrees, shearDegrees);
        return new AffineTransform(angle, dx, dy, scale, shear, 0);
    }

    @Override
    public float[] apply(float[] image, int height, int width, RandomGenerator random) {
        Augmentation.checkImage(image, height, width);
        return sample(height, width, random).apply(image, height, width, fill);
    }
}
