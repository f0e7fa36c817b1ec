package org.mnistlab.notebook;

import org.mnistlab.data.MnistDataset;
import org.mnistlab.model.ModelJson;
import org.mnistlab.model.Network;
import org.mnistlab.report.Charts;
import org.mnistlab.report.DigitImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * A canvas to draw a digit on, classified live in the page by the network's own weights: the page prepares the
 * drawing as MNIST prepared its digits (fitted into 20×20, centred by its centre of mass in 28×28) and evaluates the
 * network layer by layer in JavaScript. {@link #classify} gives the Java model's answer for the same 28×28 input, which
 * must be the page's (the browser test checks it). Where the page runs no scripts (GitHub's static view), a still
 * picture and one sentence stand in for the pad.
 *
 * <p>Example: {@code DrawingPad.show(Lab.committedModel("confirmation", "final", 101), mnist.test());}
 */
public final class DrawingPad {

    private static final String TEMPLATE = "drawing-pad.html";

    private DrawingPad() {
    }

    /**
     * The model's answer for one 28×28 digit.
     *
     * @param digit         the most probable class
     * @param probabilities the ten class probabilities
     */
    public record Prediction(int digit, double[] probabilities) {
        public Prediction {
            probabilities = probabilities.clone();
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }

        /** {@code "digit 7; probabilities 0.000001,…"}: six decimals, as the page records them. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("digit ").append(digit).append("; probabilities ");
            for (int d = 0; d < probabilities.length; d++) {
                sb.append(d > 0 ? "," : "").append(String.format(Locale.ROOT, "%.6f", probabilities[d]));
            }
            return sb.toString();
        }
    }

    /** Shows the pad for {@code network}; its still picture is the first image of {@code stills} and its answer. */
    public static void show(Network network, MnistDataset stills) {
        Notebook.html(html(network, stills, "pad-" + UUID.randomUUID()));
    }

    /** The Java model's answer for a 28×28 digit of 0 (background) to 255 (ink) values, row by row. */
    public static Prediction classify(Network network, int[] pixels) {
        if (pixels.length != MnistDataset.PIXELS) {
            throw new IllegalArgumentException("a digit is " + MnistDataset.PIXELS + " pixels, got " + pixels.length);
        }
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
            if (pixels[i] < 0 || pixels[i] > 255) throw new IllegalArgumentException("pixel " + i + " is " + pixels[i]);
            x[i] = MnistDataset.normalise(pixels[i]);
        }
        INDArray p = network.output(Nd4j.create(x, new long[] {1, 1, MnistDataset.ROWS, MnistDataset.COLS}, 'c'));
        double[] probabilities = p.reshape(p.length()).toDoubleVector();
        int best = 0;
        for (int d = 1; d < probabilities.length; d++) if (probabilities[d] > probabilities[best]) best = d;
        return new Prediction(best, probabilities);
    }

    static String html(Network network, MnistDataset stills, String id) {
        int[] still = stills.rawImage(0);
        Prediction answer = classify(network, still);
        String caption = String.format(Locale.ROOT, "the model: %d (%.1f %%)", answer.digit(),
                100 * answer.probabilities()[answer.digit()]);
        String png = Charts.digits("", java.util.List.of(DigitImage.of(still, caption)), 1, 5).pngBase64();
        return template()
                .replace("__ID__", id)
                .replace("__STILL__", png)
                .replace("__STILL_SENTENCE__", "Here the page runs no scripts, so this is a still: the first test digit, "
                        + caption + ". Run the cell in JupyterLab to draw your own digit.")
                .replace("__MEAN__", Float.toString(MnistDataset.MEAN))
                .replace("__STD__", Float.toString(MnistDataset.STD))
                .replace("__MODEL__", ModelJson.of(network));
    }

    private static String template() {
        try (InputStream in = DrawingPad.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) throw new IllegalStateException("the library jar lacks " + TEMPLATE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
