package org.mnistlab.model.engine;

/**
 * A layer's weights and optional bias as the layer computes with them: copies of DL4J's values (row-major, loaded
 * once per step) and the gradients the backward pass fills, stored back into the network's flat gradient vector.
 */
final class WeightsAndBias {

    private final ParamSlot weightSlot;
    private final ParamSlot biasSlot; // null: no bias
    final float[] w;
    final float[] b; // null: no bias
    final float[] dw;
    final float[] db; // null: no bias

    WeightsAndBias(ParamSlot weights, ParamSlot bias) {
        this.weightSlot = weights;
        this.biasSlot = bias;
        this.w = new float[weights.length()];
        this.dw = new float[weights.length()];
        this.b = bias == null ? null : new float[bias.length()];
        this.db = bias == null ? null : new float[bias.length()];
    }

    int weights() {
        return w.length;
    }

    void load(float[] flatParams) {
        weightSlot.gather(flatParams, w);
        if (biasSlot != null) biasSlot.gather(flatParams, b);
    }

    /** {@code dw} and {@code db} to their places in the flat gradient vector. */
    void storeGradients(float[] flatGrads) {
        weightSlot.scatter(dw, flatGrads);
        if (biasSlot != null) biasSlot.scatter(db, flatGrads);
    }
}
