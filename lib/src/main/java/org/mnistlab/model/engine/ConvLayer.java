package org.mnistlab.model.engine;

/** A stride-1 square convolution with optional bias and a ReLU folded in, on {@link VectorConv2d}. */
final class ConvLayer extends JavaLayer {

    private final WorkerPool parallel;
    private final int kernel;
    private final int padding;
    private final boolean relu;
    private final WeightsAndBias p;
    private final ConvScratch scratch = new ConvScratch();
    private ConvGeometry geometry;

    ConvLayer(String name, Dims in, int outChannels, int kernel, int padding, boolean relu, ParamSlot weights,
              ParamSlot bias, WorkerPool parallel) {
        super(name, in, new Dims(outChannels, in.height() + 2 * padding - kernel + 1,
                in.width() + 2 * padding - kernel + 1));
        this.parallel = parallel;
        this.kernel = kernel;
        this.padding = padding;
        this.relu = relu;
        this.p = new WeightsAndBias(weights, bias);
        if (p.weights() != outChannels * in.channels() * kernel * kernel) {
            throw new IllegalArgumentException(name + ": " + p.weights() + " weights for " + this);
        }
    }

    private ConvGeometry geometry(int n) {
        if (geometry == null || geometry.batch() != n) {
            geometry = new ConvGeometry(n, in.channels(), out.channels(), in.height(), in.width(), kernel, padding);
        }
        return geometry;
    }

    @Override
    void load(float[] flatParams) {
        p.load(flatParams);
    }

    @Override
    void forward(float[] x, float[] y, int n, boolean training, long seed) {
        VectorConv2d.forward(geometry(n), x, p.w, p.b, relu, y, parallel, scratch);
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        ConvGeometry g = geometry(n);
        VectorConv2d.backward(g, x, relu ? y : null, dy, p.w, p.dw, p.db, dx, parallel, scratch);
        p.storeGradients(flatGrads);
    }
}
