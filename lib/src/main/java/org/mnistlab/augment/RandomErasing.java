package org.mnistlab.augment;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * With probability {@code probability}, fills one random rectangle with {@code fill} ("cutout"), drawn like
 * torchvision's {@code RandomErasing}: area uniform in {@code [areaMin, areaMax]} of the image, aspect ratio
 * log-uniform in {@code [ratioMin, ratioMax]}, up to 10 attempts to fit it inside the image (else unchanged).
 *
 * <pre>{@code RandomErasing.standard()   // p 0.5, 2–15 % of the area, ratio 0.3–3.3, black}</pre>
 *
 * @param probability chance that an image is erased at all
 * @param areaMin     smallest erased fraction of the area
 * @param areaMax     largest erased fraction of the area
 * @param ratioMin    smallest height/width ratio of the rectangle
 * @param ratioMax    largest height/width ratio of the rectangle
 * @param fill        value written into the rectangle (normalised)
 */
public record RandomErasing(double probability, double areaMin, double areaMax, double ratioMin, double ratioMax,
                            float fill) implements Augmentation {

    private static final int ATTEMPTS = 10;

    public RandomErasing {
        Ranges.checkProbability("probability", probability);
        Ranges.checkRange("area", areaMin, areaMax);
        if (!(areaMin > 0) || areaMax > 1) {
            throw new IllegalArgumentException("area fractions must lie in (0, 1], got [" + areaMin + ", " + areaMax + "]");
        }
        Ranges.checkRange("ratio", ratioMin, ratioMax);
        if (!(ratioMin > 0)) {
            throw new IllegalArgumentException("ratioMin must be positive, got " + ratioMin);
        }
        Ranges.checkFill(fill);
    }

    /** The seeds' setting: probability 0.5 (torchvision's default), 2–15 % of the area, ratio 0.3–3.3, black. */
    public static RandomErasing standard() {
        return new RandomErasing(0.5, 0.02, 0.15, 0.3, 3.3, MNIST_BLACK);
    }

    /** Erases {@code areaMin}–{@code areaMax} of the area with the given probability, default ratio, black. */
    public static RandomErasing of(double probability, double areaMin, double areaMax) {
        return new RandomErasing(probability, areaMin, areaMax, 0.3, 3.3, MNIST_BLACK);
    }

    public RandomErasing withFill(float value) {
        return new RandomErasing(probability, areaMin, areaMax, ratioMin, ratioMax, value);
    }

    @Override
    public float[] apply(float[] image, int height, int width, RandomGenerator random) {
        Augmentation.checkImage(image, height, width);
        if (!(random.nextDouble() < probability)) {
            return image;
        }
        double area = height * width;
        double logRatioMin = StrictMath.log(ratioMin);
        double logRatioMax = StrictMath.log(ratioMax);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double eraseArea = area * Ranges.uniform(random, areaMin, areaMax);
            double ratio = StrictMath.exp(Ranges.uniform(random, logRatioMin, logRatioMax));
            int h = (int) Math.rint(Math.sqrt(eraseArea * ratio));
            int w = (int) Math.rint(Math.sqrt(eraseArea / ratio));
            if (!(h < height && w < width)) {
                continue;
            }
            int top = random.nextInt(0, height - h + 1);
            int left = random.nextInt(0, width - w + 1);
            float[] out = image.clone();
            for (int row = top; row < top + h; row++) {
                Arrays.fill(out, row * width + left, row * width + left + w, fill);
            }
            return out;
        }
        return image;
    }
}
