package org.mnistlab.model.engine;

/**
 * The per-sample shape of an activation in {@link JavaNetwork}: channels x height x width, stored NCHW. A flat
 * vector (after global pooling or a dense layer) is {@code channels x 1 x 1}.
 */
record Dims(int channels, int height, int width) {

    Dims {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("bad activation shape " + channels + "x" + height + "x" + width);
        }
    }

    static Dims flat(int size) {
        return new Dims(size, 1, 1);
    }

    int plane() {
        return height * width;
    }

    int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return height == 1 && width == 1 ? Integer.toString(channels) : channels + "x" + height + "x" + width;
    }
}
