package org.mnistlab.notebook;

import org.mnistlab.data.MnistDataset;
import org.mnistlab.model.LayerActivations;
import org.mnistlab.model.Network;
import org.mnistlab.model.Occlusion;
import org.mnistlab.report.Charts;
import org.mnistlab.report.DigitImage;
import org.mnistlab.report.FeatureCharts;
import org.mnistlab.train.Evaluation;
import org.mnistlab.train.MistakeOverlap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a trained network learned, shown in a notebook: its first layer's filters, one digit's feature maps layer by
 * layer, and which pixels its most confident mistakes rest on.
 *
 * <p>Example: {@code LookInside.featureMaps("The baseline", run.network(), mnist.validation(), 0);}
 */
public final class LookInside {

    /** The occluding square's side, in pixels: a little more than a stroke's width. */
    public static final int PATCH = 5;

    private LookInside() {
    }

    /** The first convolution's 3×3 kernels, in a diverging map (blue negative, vermillion positive). */
    public static void filters(String title, Network network) {
        float[][] kernels = LayerActivations.firstLayerFilters(network);
        Notebook.show(Charts.filters(title, kernels, Math.min(kernels.length, 8)));
    }

    /** Image {@code index} of {@code dataset}, and what each block of {@code network} makes of it (8 maps a layer). */
    public static void featureMaps(String title, Network network, MnistDataset dataset, int index) {
        LayerActivations activations = LayerActivations.of(network, dataset.image(index));
        Notebook.show(Charts.digits(title + ": the input", List.of(DigitImage.of(dataset.rawImage(index),
                "digit " + dataset.label(index))), 1, 4));
        Notebook.show(FeatureCharts.featureMaps(title + ": the feature maps, layer by layer", activations, 8));
    }

    /**
     * The network's {@code count} most confident mistakes on {@code dataset}, each beside its occlusion map: where a
     * {@value #PATCH}×{@value #PATCH} blank square lowers the wrong class's probability, the mistake rests there.
     */
    public static void mistakes(String title, Network network, MnistDataset dataset, int count) {
        Evaluation evaluation = Lab.evaluate(network, dataset);
        List<DigitImage> digits = Lab.misclassified(evaluation, dataset, count); // most confident first
        int[] wrong = evaluation.misclassified();
        List<Occlusion> maps = new ArrayList<>();
        for (int k = 0; k < digits.size(); k++) {
            maps.add(Occlusion.of(network, dataset.image(wrong[k]), PATCH, MnistDataset.BLACK));
        }
        if (digits.isEmpty()) {
            Notebook.markdown(String.format(Locale.ROOT, "No mistakes on these %,d images.", dataset.size()));
            return;
        }
        Notebook.show(FeatureCharts.occlusion(title, digits, maps));
    }

    /**
     * Two networks' mistakes on {@code dataset} side by side: how many each gets wrong, how many of those they share,
     * and the {@code count} digits only the first gets wrong (its most confident first), captioned as its mistakes.
     *
     * <p>Example: {@code LookInside.mistakesAgainst("the small model", small, "the final model", big, mnist.test(), 16);}
     */
    public static MistakeOverlap mistakesAgainst(String firstName, Network first, String secondName, Network second,
                                                 MnistDataset dataset, int count) {
        Evaluation a = Lab.evaluate(first, dataset);
        MistakeOverlap o = MistakeOverlap.of(a, Lab.evaluate(second, dataset));
        Notebook.markdown(String.format(Locale.ROOT, "On these %,d images %s gets **%d** wrong and %s **%d**. "
                        + "**%d** of those images both get wrong; **%d** only %s, **%d** only %s.", o.images(),
                firstName, o.firstMistakes(), secondName, o.secondMistakes(), o.shared().length,
                o.onlyFirst().length, firstName, o.onlySecond().length, secondName));
        List<DigitImage> digits = Lab.misclassified(a, dataset, o.onlyFirst(), count);
        if (!digits.isEmpty()) {
            Notebook.show(Charts.digits("Only " + firstName + " gets these wrong (its most confident first)", digits,
                    Math.min(8, digits.size())));
        }
        return o;
    }
}
