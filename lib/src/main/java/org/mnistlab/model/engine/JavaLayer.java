package org.mnistlab.model.engine;

/**
 * One DL4J layer as {@link JavaNetwork} computes it: forward and backward over a whole batch held in plain float
 * arrays (NCHW, sample after sample). Each layer owns its parameters' scratch copies; activations and their
 * gradients belong to the network, which reuses them from step to step.
 */
abstract class JavaLayer {

    final String name;
    final Dims in;
    final Dims out;

    JavaLayer(String name, Dims in, Dims out) {
        this.name = name;
        this.in = in;
        this.out = out;
    }

    /** Copies this layer's parameters out of the network's flat parameter vector; called once per step. */
    void load(float[] flatParams) {
    }

    /** {@code y = f(x)} for {@code n} samples; {@code training} selects batch statistics and dropout. */
    abstract void forward(float[] x, float[] y, int n, boolean training, long seed);

    /**
     * Given {@code dy = dLoss/dy}, writes {@code dx} ({@code null} when nobody needs it: the first layer) and this
     * layer's parameter gradients into {@code flatGrads}. May overwrite {@code dy}. {@code x} and {@code y} are the
     * values of the last training-mode {@link #forward}.
     */
    abstract void backward(float[] x, float[] y, float[] dy, float[] dx, int n, float[] flatGrads);

    /** Whether {@link #forward} draws random numbers in training mode (dropout). */
    boolean random() {
        return false;
    }

    @Override
    public String toString() {
        return name + " " + in + " -> " + out;
    }
}
