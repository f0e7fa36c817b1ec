package org.mnistlab.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A small grey-scale image with a caption, as drawn in a grid by {@link Charts#digits}. Pixels are 0 (background)
 * to 255 (ink), row by row, the way MNIST stores them.
 *
 * <p>Example: {@code DigitImage.misclassified(pixels, 4, 9, 0.87)} (caption {@code "true 4 → pred 9 (0.87)"})
 *
 * @param width   pixels per row
 * @param height  rows
 * @param pixels  {@code width * height} values in 0..255
 * @param caption text under the image; {@code "\n"} starts a new line; may be empty
 */
public record DigitImage(int width, int height, int[] pixels, String caption) {

    /** MNIST's side length. */
    public static final int SIDE = 28;

    public DigitImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("expected " + width + "x" + height + " = " + width * height
                    + " pixels, got " + pixels.length);
        }
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] < 0 || pixels[i] > 255) {
                throw new IllegalArgumentException("pixel " + i + " is " + pixels[i] + ", expected 0..255");
            }
        }
        pixels = pixels.clone();
        caption = caption == null ? "" : caption;
    }

    /** A 28×28 digit from 0..255 values. */
    public static DigitImage of(int[] pixels, String caption) {
        return new DigitImage(SIDE, SIDE, pixels, caption);
    }

    /** A 28×28 digit from unsigned bytes, as in the IDX file. */
    public static DigitImage ofBytes(byte[] pixels, String caption) {
        int[] values = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) values[i] = pixels[i] & 0xFF;
        return of(values, caption);
    }

    /** A 28×28 digit from values in 0..1 (clamped), e.g. a tensor after {@code ToTensor} but before normalising. */
    public static DigitImage ofUnit(float[] pixels, String caption) {
        int[] values = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            values[i] = Math.round(255f * Math.max(0f, Math.min(1f, pixels[i])));
        }
        return of(values, caption);
    }

    /**
     * A 28×28 digit from arbitrary values, stretched so the smallest is background and the largest is ink; for
     * normalised tensors ((x - 0.1307) / 0.3081), whose range is not 0..1.
     */
    public static DigitImage ofScaled(float[] values, String caption) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (!Float.isFinite(v)) throw new IllegalArgumentException("pixel value is not finite: " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max - min;
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = range == 0 ? 0 : Math.round(255f * (values[i] - min) / range);
        }
        return of(out, caption);
    }

    /**
     * A misclassified test digit with the caption {@code "true 4 → pred 9 (0.87)"}.
     *
     * @param confidence the predicted class's probability, 0..1
     */
    public static DigitImage misclassified(int[] pixels, int trueLabel, int predicted, double confidence) {
        return of(pixels, String.format(Locale.ROOT, "true %d → pred %d (%.2f)", trueLabel, predicted, confidence));
    }

    /** The same pixels under another caption. */
    public DigitImage withCaption(String newCaption) {
        return new DigitImage(width, height, pixels, newCaption);
    }

    @Override
    public int[] pixels() {
        return pixels.clone();
    }

    /** Pixel at column {@code x}, row {@code y}. */
    public int pixel(int x, int y) {
        return pixels[y * width + x];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DigitImage d && d.width == width && d.height == height && Arrays.equals(d.pixels, pixels)
                && d.caption.equals(caption);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, Arrays.hashCode(pixels), caption);
    }

    @Override
    public String toString() {
        return "DigitImage[" + width + "x" + height + ", caption=" + caption + "]";
    }
}
