package org.mnistlab.model.engine;

/**
 * Where one parameter array of a DL4J layer lives in the network's flat parameter vector (and, with the same layout,
 * in its flat gradient vector): {@code index[i]} is the flat position of element {@code i} of the parameter in
 * row-major order. DL4J stores some parameters column-major (dense weights) and puts a convolution's bias before its
 * weights; the map hides both, and is measured rather than assumed (see {@link JavaNetwork}).
 */
record ParamSlot(String name, int[] index) {

    int length() {
        return index.length;
    }

    /** This parameter's values, row-major, from the flat vector into {@code into}. */
    float[] gather(float[] flat, float[] into) {
        for (int i = 0; i < index.length; i++) into[i] = flat[index[i]];
        return into;
    }

    /** Puts this parameter's gradient (row-major) at its places in the flat gradient vector. */
    void scatter(float[] values, float[] flat) {
        for (int i = 0; i < index.length; i++) flat[index[i]] = values[i];
    }
}
