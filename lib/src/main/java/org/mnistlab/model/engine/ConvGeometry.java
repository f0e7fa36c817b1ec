package org.mnistlab.model.engine;

/**
 * The sizes of one stride-1 convolution over a batch, and the scratch layout {@link VectorConv2d} uses for it.
 *
 * <p>The trick that makes a 3x3 convolution over a 26x26 plane vectorise well: each input plane is stored zero-padded
 * ({@code paddedHeight x paddedWidth}) and each output plane is computed "wide", with the input's row stride, so one
 * output plane is a single run of {@code outHeight * paddedWidth} floats and a kernel tap is a shifted read of the
 * input. The last {@code kernel - 1} columns of each wide row are junk and are cropped (or zeroed, for gradients).
 *
 * @param batch    samples
 * @param in       input channels
 * @param out      output channels
 * @param height   input height (before padding)
 * @param width    input width
 * @param kernel   square kernel size
 * @param padding  zero padding on every side
 */
record ConvGeometry(int batch, int in, int out, int height, int width, int kernel, int padding) {

    ConvGeometry {
        if (batch < 1 || in < 1 || out < 1 || kernel < 1 || padding < 0) {
            throw new IllegalArgumentException("bad convolution geometry: " + this);
        }
        if (height + 2 * padding < kernel || width + 2 * padding < kernel) {
            throw new IllegalArgumentException("kernel " + kernel + " larger than the padded input " + this);
        }
    }

    int paddedHeight() {
        return height + 2 * padding;
    }

    int paddedWidth() {
        return width + 2 * padding;
    }

    int outHeight() {
        return paddedHeight() - kernel + 1;
    }

    int outWidth() {
        return paddedWidth() - kernel + 1;
    }

    int inPlane() {
        return height * width;
    }

    int outPlane() {
        return outHeight() * outWidth();
    }

    int paddedPlane() {
        return paddedHeight() * paddedWidth();
    }

    /**
     * Floats of one wide output plane that the vector loops touch: whole groups of {@code lanes} (the {@link
     * Lanes#SUM_LANES logical lanes}), junk columns included.
     */
    int widePlane(int lanes) {
        int used = (outHeight() - 1) * paddedWidth() + outWidth();
        return (used + lanes - 1) / lanes * lanes;
    }

    /** Floats of one sample's padded input, with room for the last vectors to read past the last plane. */
    int paddedSample(int lanes) {
        return in * paddedPlane() + 2 * lanes + kernel * (paddedWidth() + 1);
    }

    int kernelArea() {
        return kernel * kernel;
    }

    /** The geometry of the input gradient: a full convolution of the output gradient with the flipped kernel. */
    ConvGeometry transposed() {
        return new ConvGeometry(batch, out, in, outHeight(), outWidth(), kernel, kernel - 1);
    }
}
