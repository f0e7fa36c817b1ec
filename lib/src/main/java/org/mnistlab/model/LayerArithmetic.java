package org.mnistlab.model;

import java.util.List;
import java.util.Locale;

/**
 * What each layer costs, counted by hand: the parameters it learns (written out as k·k·C_in·C_out and so on) and the
 * multiply-adds of its forward pass.
 */
final class LayerArithmetic {

    private LayerArithmetic() {
    }

    /** Trainable parameters of {@code layer} on an {@code in} input, counted as PyTorch counts them. */
    static long trainableParameters(LayerSpec layer, ActivationShape in) {
        if (layer instanceof LayerSpec.Conv conv) {
            return (long) in.channels() * conv.outChannels() * conv.kernel() * conv.kernel()
                    + (conv.bias() ? conv.outChannels() : 0);
        }
        if (layer instanceof LayerSpec.DepthwiseConv dw) {
            return (long) in.channels() * dw.kernel() * dw.kernel() + (dw.bias() ? in.channels() : 0);
        }
        if (layer instanceof LayerSpec.BatchNorm) return 2L * in.channels();
        if (layer instanceof LayerSpec.Dense dense) {
            return (long) in.channels() * dense.outputs() + (dense.bias() ? dense.outputs() : 0);
        }
        return 0; // ReLU, dropout and pooling learn nothing
    }

    /** The Markdown table of {@link Architecture#parameterBudget(long)}. */
    static String budgetTable(Architecture architecture, long budget) {
        StringBuilder md = new StringBuilder("| Layer | Arithmetic | Parameters |\n|---|---|---:|\n");
        ModelSummary summary = architecture.summary();
        List<ActivationShape> inputs = architecture.shapes(); // shapes.get(i) is layer i's input
        for (ModelSummary.Row row : summary.rows()) {
            if (row.trainableParams() == 0) continue;
            md.append("| ").append(row.name()).append(" (").append(row.kind()).append(") | ")
                    .append(written(architecture.layers().get(row.index()), inputs.get(row.index()))).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", row.trainableParams())).append(" |\n");
        }
        long total = summary.trainableParams();
        md.append(String.format(Locale.ROOT, "| **Total** | %s | **%,d** |%n", total < budget
                ? String.format(Locale.ROOT, "%,d under the budget of fewer than %,d", budget - total, budget)
                : String.format(Locale.ROOT, "%,d over the budget of fewer than %,d", total - budget + 1,
                budget), total));
        return md.toString();
    }

    private static String written(LayerSpec layer, ActivationShape in) {
        if (layer instanceof LayerSpec.Conv conv) {
            return conv.kernel() + "·" + conv.kernel() + "·" + in.channels() + "·" + conv.outChannels()
                    + (conv.bias() ? " + " + conv.outChannels() : "");
        }
        if (layer instanceof LayerSpec.DepthwiseConv dw) {
            return dw.kernel() + "·" + dw.kernel() + "·" + in.channels() + (dw.bias() ? " + " + in.channels() : "");
        }
        if (layer instanceof LayerSpec.BatchNorm) return "2·" + in.channels();
        if (layer instanceof LayerSpec.Dense dense) {
            return in.channels() + "·" + dense.outputs() + (dense.bias() ? " + " + dense.outputs() : "");
        }
        throw new IllegalArgumentException(layer + " learns nothing");
    }

    /** Multiply-adds of one image's forward pass through the convolutions and dense layers. */
    static long multiplyAdds(Architecture architecture) {
        List<LayerSpec> layers = architecture.layers();
        List<ActivationShape> shapes = architecture.shapes();
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            ActivationShape in = shapes.get(i), out = shapes.get(i + 1);
            if (layers.get(i) instanceof LayerSpec.Conv conv) {
                total += (long) out.channels() * out.height() * out.width() * in.channels() * conv.kernel()
                        * conv.kernel();
            } else if (layers.get(i) instanceof LayerSpec.DepthwiseConv dw) {
                total += (long) out.channels() * out.height() * out.width() * dw.kernel() * dw.kernel();
            } else if (layers.get(i) instanceof LayerSpec.Dense) {
                total += (long) in.channels() * out.channels();
            }
        }
        return total;
    }
}
