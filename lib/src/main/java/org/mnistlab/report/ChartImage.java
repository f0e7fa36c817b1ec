package org.mnistlab.report;

import org.mnistlab.data.AtomicWrite;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;

/**
 * A rendered chart: a bitmap plus the title it is known by (used for file names and text fallbacks).
 *
 * <p>Example: {@code Charts.trainingCurves(history).savePng(Path.of("runs/gap/curves.png"))}
 *
 * @param title what the chart shows, e.g. {@code "Training curves"}
 * @param image the pixels
 */
public record ChartImage(String title, BufferedImage image) {

    public ChartImage {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(image, "image");
    }

    /** Width in pixels. */
    public int width() {
        return image.getWidth();
    }

    /** Height in pixels. */
    public int height() {
        return image.getHeight();
    }

    /** The image encoded as a compact PNG (an 8-bit palette of its most frequent colours; see {@link PngEncoder}). */
    public byte[] png() {
        return PngEncoder.encode(image, "chart '" + title + "'");
    }

    /** The PNG bytes in base64, the form Jupyter's {@code image/png} output expects. */
    public String pngBase64() {
        return Base64.getEncoder().encodeToString(png());
    }

    /**
     * Writes the PNG atomically: to a temporary file next to {@code file}, then renamed over it, so a reader (or a
     * crash half-way) never sees a truncated image. Creates missing parent directories.
     *
     * @return {@code file}
     */
    public Path savePng(Path file) {
        return AtomicWrite.bytes(file, png());
    }

    @Override
    public String toString() {
        return "[chart: " + title + ", " + width() + "x" + height() + " px]";
    }
}
