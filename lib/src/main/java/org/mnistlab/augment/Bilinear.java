package org.mnistlab.augment;

/**
 * Bilinear sampling where a neighbour outside the image counts as {@code fill}: PyTorch's
 * {@code grid_sample(align_corners=False, padding_mode="zeros")} applied to {@code image - fill}, plus {@code fill}
 * (checked against torchvision in TorchvisionGoldenTest). In raw pixel space with a black fill this is plain zero
 * padding. torchvision's {@code fill=} option differs on the border ring only: it blends
 * {@code sample * mask + (1 - mask) * fill}, counting the in-image weight twice; we do not copy that.
 * The result is a convex combination of pixels and the fill, so it stays within their range.
 */
final class Bilinear {
    private Bilinear() {
    }

    /** Value at source position ({@code x} = column, {@code y} = row, pixel centres at integers). */
    static float sample(float[] image, int height, int width, double x, double y, float fill) {
        if (!(x > -1 && y > -1 && x < width && y < height)) {
            return fill; // all four neighbours outside (or NaN)
        }
        // x, y > -1 here, so truncating x + 1 and subtracting 1 is floor(x), cheaper than Math.floor.
        int x0 = (int) (x + 1) - 1;
        int y0 = (int) (y + 1) - 1;
        double wx = x - x0;
        double wy = y - y0;
        if (x0 >= 0 && y0 >= 0 && x0 < width - 1 && y0 < height - 1) { // fast path: all four neighbours inside
            int at = y0 * width + x0;
            double top = image[at] + wx * (image[at + 1] - image[at]);
            double bottom = image[at + width] + wx * (image[at + width + 1] - image[at + width]);
            return (float) (top + wy * (bottom - top));
        }
        double top = (1 - wx) * pixel(image, height, width, y0, x0, fill) + wx * pixel(image, height, width, y0, x0 + 1, fill);
        double bottom = (1 - wx) * pixel(image, height, width, y0 + 1, x0, fill)
                + wx * pixel(image, height, width, y0 + 1, x0 + 1, fill);
        return (float) ((1 - wy) * top + wy * bottom);
    }

    private static float pixel(float[] image, int height, int width, int row, int col, float fill) {
        return row >= 0 && row < height && col >= 0 && col < width ? image[row * width + col] : fill;
    }
}
