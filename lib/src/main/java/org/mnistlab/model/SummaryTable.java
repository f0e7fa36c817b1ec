package org.mnistlab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An architecture's per-layer table: each layer named as PyTorch summaries name them (conv1, bn1, relu1, ..., gap,
 * fc), described, with its output shape, its trainable parameters and its receptive field.
 */
final class SummaryTable {

    private SummaryTable() {
    }

    static ModelSummary of(Architecture architecture) {
        List<LayerSpec> layers = architecture.layers();
        List<ActivationShape> shapes = architecture.shapes(); // shapes.get(i) is layer i's input
        List<ModelSummary.Row> rows = new ArrayList<>();
        long nonTrainable = 0;
        int convCount = 0;
        for (int index = 0; index < layers.size(); index++) {
            LayerSpec layer = layers.get(index);
            ActivationShape in = shapes.get(index), out = shapes.get(index + 1);
            if (layer instanceof LayerSpec.Conv || layer instanceof LayerSpec.DepthwiseConv) convCount++;
            // BatchNorm's running mean and variance are kept but not learned.
            if (layer instanceof LayerSpec.BatchNorm) nonTrainable += 2L * in.channels();
            rows.add(new ModelSummary.Row(index, name(layer, convCount), layer.describe(in.channels()), out.toString(),
                    LayerArithmetic.trainableParameters(layer, in), out.receptiveField()));
        }
        long trainable = rows.stream().mapToLong(ModelSummary.Row::trainableParams).sum();
        return new ModelSummary(architecture.name(), architecture.inChannels() + "x" + architecture.height() + "x"
                + architecture.width(), rows, trainable, nonTrainable);
    }

    /** A layer's name in the table; {@code convCount} convolutions so far, this one included. */
    private static String name(LayerSpec layer, int convCount) {
        if (layer instanceof LayerSpec.Conv) return "conv" + convCount;
        if (layer instanceof LayerSpec.DepthwiseConv) return "dwconv" + convCount;
        if (layer instanceof LayerSpec.BatchNorm) return "bn" + convCount;
        if (layer instanceof LayerSpec.Relu) return "relu" + convCount;
        if (layer instanceof LayerSpec.Dropout) return "dropout" + convCount;
        if (layer instanceof LayerSpec.MaxPool) return "pool" + convCount;
        if (layer instanceof LayerSpec.GlobalAvgPool) return "gap";
        if (layer instanceof LayerSpec.Flatten) return "flatten";
        return "fc";
    }
}
