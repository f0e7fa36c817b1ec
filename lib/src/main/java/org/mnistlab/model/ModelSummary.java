package org.mnistlab.model;

import java.util.List;

/**
 * A per-layer table of a model, counting trainable parameters the way PyTorch does: a BatchNorm layer's gamma and
 * beta count, its running mean and variance do not (DL4J's {@code numParams()} counts them, so it is not used here).
 *
 * @param modelName          the model's name, e.g. {@code "gap"}
 * @param inputShape         e.g. {@code "1x28x28"}
 * @param rows               one row per layer, input to output
 * @param trainableParams    sum of the rows' trainable parameters
 * @param nonTrainableParams BatchNorm running statistics (kept, but not learned by gradient descent)
 */
public record ModelSummary(String modelName, String inputShape, List<Row> rows, long trainableParams,
                           long nonTrainableParams) {

    public ModelSummary {
        rows = List.copyOf(rows);
    }

    /**
     * One layer of the summary.
     *
     * @param index           0-based position
     * @param name            e.g. {@code "conv1"}
     * @param kind            e.g. {@code "Conv 3x3, 1->8, no bias"}
     * @param outputShape     channels x height x width, e.g. {@code "8x26x26"}
     * @param trainableParams the layer's trainable parameter count
     * @param receptiveField  receptive field (pixels) at this layer's output
     */
    public record Row(int index, String name, String kind, String outputShape, long trainableParams,
                      int receptiveField) {
    }
}
