package org.mnistlab.model.fast;

/** A stride-1 square convolution with optional bias and a ReLU folded in, on {@link VectorConv2d}. */
final class ConvLayer extends FastLayer {

    private final Parallel parallel;
    private final int kernel;
    private final int padding;
    private final boolean relu;
    private final ParamSlot weightSlot;
    private final ParamSlot biasSlot; // null: no bias
    private final float[] w;
    private final float[] b;
    private final float[] dw;
    private final float[] db;
    private final ConvScratch scratch = new ConvScratch();
    private ConvGeometry geometry;

    ConvLayer(String name, Dims in, int outChannels, int kernel, int padding, boolean relu, ParamSlot weights,
              ParamSlot bias, Parallel parallel) {
        super(name, in, new Dims(outChannels, in.height() + 2 * padding - kernel + 1,
                in.width() + 2 * padding - kernel + 1));
        this.parallel = parallel;
        this.kernel = kernel;
        this.padding = padding;
        this.relu = relu;
        this.weightSlot = weights;
        this.biasSlot = bias;
        if (weights.length() != outChannels * in.channels() * kernel * kernel) {
            throw new IllegalArgumentException(name + ": " + weights.length() + " weights for " + this);
        }
        this.w = new float[weights.length()];
        this.dw = new float[weights.length()];
        this.b = bias == null ? null : new float[bias.length()];
        this.db = bias == null ? null : new float[bias.length()];
    }

    private ConvGeometry geometry(int n) {
        if (geometry == null || geometry.batch() != n) {
            geometry = new ConvGeometry(n, in.channels(), out.channels(), in.height(), in.width(), kernel, padding);
        }
        return geometry;
    }

    @Override
    void load(float[] flatParams) {
        weightSlot.gather(flatParams, w);
        if (biasSlot != null) biasSlot.gather(flatParams, b);
    }

    @Override
    void forward(float[] x, float[] y, int n, boolean training, long seed) {
        VectorConv2d.forward(geometry(n), x, w, b, y, parallel, scratch);
        if (relu) Elementwise.relu(y, n * out.size(), parallel);
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        ConvGeometry g = geometry(n);
        if (relu) Elementwise.reluGradient(y, dy, dy, n * out.size(), parallel);
        VectorConv2d.backwardWeights(g, x, dy, dw, db, parallel, scratch);
        weightSlot.scatter(dw, flatGrads);
        if (biasSlot != null) biasSlot.scatter(db, flatGrads);
        if (dx != null) VectorConv2d.backwardInput(g, dy, w, dx, parallel, scratch);
    }
}
