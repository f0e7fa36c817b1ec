package org.mnistlab.model.engine;

/** A ReLU on its own (after BatchNorm, where it cannot be folded into the convolution). */
final class ReluLayer extends JavaLayer {

    private final WorkerPool parallel;

    ReluLayer(String name, Dims in, WorkerPool parallel) {
        super(name, in, in);
        this.parallel = parallel;
    }

    @Override
    void forward(float[] x, float[] y, int n, boolean training, long seed) {
        System.arraycopy(x, 0, y, 0, n * in.size());
        Elementwise.relu(y, n * in.size(), parallel);
    }

    @Override
    void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads) {
        if (dx != null) Elementwise.reluGradient(y, dy, dx, n * in.size(), parallel);
    }
}
