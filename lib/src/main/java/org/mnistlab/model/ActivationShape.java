package org.mnistlab.model;

/**
 * An activation's shape and the receptive field of one of its units.
 *
 * @param flat  true after global pooling (a vector of {@code channels} features)
 * @param jump  distance in input pixels between neighbouring units (for the receptive field)
 */
record ActivationShape(int channels, int height, int width, boolean flat, int receptiveField, int jump) {

    static ActivationShape input(int c, int h, int w) {
        return new ActivationShape(c, h, w, false, 1, 1);
    }

    /** The shape {@code layer} makes of this one; {@code name} (the architecture's) heads any error. */
    ActivationShape after(String name, LayerSpec layer) {
        if (flat && !(layer instanceof LayerSpec.Dense || layer instanceof LayerSpec.Relu
                || layer instanceof LayerSpec.Dropout || layer instanceof LayerSpec.BatchNorm)) {
            throw new IllegalArgumentException(name + ": " + layer + " needs a feature map, but the input is flat");
        }
        if (layer instanceof LayerSpec.Conv conv) {
            return convolved(name, conv.kernel() + "x" + conv.kernel() + " convolution", conv.outChannels(),
                    conv.kernel(), conv.padding());
        }
        if (layer instanceof LayerSpec.DepthwiseConv dw) {
            // A dilated kernel reaches as far as an undilated one of its span.
            return convolved(name, dw.kernel() + "x" + dw.kernel() + " depthwise convolution" + (dw.dilation() > 1
                    ? " with dilation " + dw.dilation() + " (a span of " + dw.span() + " pixels)" : ""), channels,
                    dw.span(), dw.padding());
        }
        if (layer instanceof LayerSpec.MaxPool pool) {
            if (height < pool.size() || width < pool.size()) {
                throw new IllegalArgumentException(name + ": cannot max-pool a " + height + "x" + width
                        + " map by " + pool.size());
            }
            return new ActivationShape(channels, height / pool.size(), width / pool.size(), false,
                    receptiveField + (pool.size() - 1) * jump, jump * pool.size());
        }
        if (layer instanceof LayerSpec.GlobalAvgPool) {
            return new ActivationShape(channels, 1, 1, true, receptiveField + (Math.max(height, width) - 1) * jump,
                    jump);
        }
        if (layer instanceof LayerSpec.Flatten) {
            // Each feature still sees what its unit saw; the layer after sees them all, hence the whole map.
            return new ActivationShape(channels * height * width, 1, 1, true,
                    receptiveField + (Math.max(height, width) - 1) * jump, jump);
        }
        if (layer instanceof LayerSpec.Dense dense) {
            if (!flat) {
                throw new IllegalArgumentException(name + ": a dense layer needs a flat input; add "
                        + "globalAvgPool() or flatten() first");
            }
            return new ActivationShape(dense.outputs(), 1, 1, true, receptiveField, jump);
        }
        return this; // BatchNorm, ReLU and dropout keep the shape
    }

    /** The map a stride-1 convolution reaching {@code span} pixels makes; {@code what} names it in the error. */
    private ActivationShape convolved(String name, String what, int outChannels, int span, int padding) {
        int h = height + 2 * padding - span + 1;
        int w = width + 2 * padding - span + 1;
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(name + ": a " + what + " does not fit a " + height + "x" + width
                    + " map");
        }
        return new ActivationShape(outChannels, h, w, false, receptiveField + (span - 1) * jump, jump);
    }

    @Override
    public String toString() {
        return flat ? Integer.toString(channels) : channels + "x" + height + "x" + width;
    }
}
