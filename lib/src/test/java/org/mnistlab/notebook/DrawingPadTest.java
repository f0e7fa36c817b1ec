package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;
import org.mnistlab.data.MnistDataset;
import org.mnistlab.data.Split;
import org.mnistlab.model.Models;
import org.mnistlab.model.Network;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DrawingPadTest {

    private static int[] stroke() {
        int[] pixels = new int[MnistDataset.PIXELS];
        for (int y = 4; y < 24; y++) for (int x = 12; x < 16; x++) pixels[y * 28 + x] = 255; // a "1"
        return pixels;
    }

    @Test
    void classifyIsTheNetworksPrediction() {
        Network net = Models.finalModel().build(2);
        int[] pixels = stroke();
        DrawingPad.Prediction p = DrawingPad.classify(net, pixels);
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) x[i] = MnistDataset.normalise(pixels[i]);
        assertEquals(net.predict(Nd4j.create(x, new long[] {1, 1, 28, 28}, 'c'))[0], p.digit());
        double sum = 0;
        for (double v : p.probabilities()) sum += v;
        assertEquals(1, sum, 1e-5);
        assertTrue(p.toString().startsWith("digit " + p.digit() + "; probabilities "), p.toString());
        assertThrows(IllegalArgumentException.class, () -> DrawingPad.classify(net, new int[27 * 28]));
        int[] bad = stroke();
        bad[0] = 256;
        assertThrows(IllegalArgumentException.class, () -> DrawingPad.classify(net, bad));
    }

    @Test
    void thePageCarriesTheModelTheStillAndItsOwnId() {
        Network net = Models.finalModel().build(2);
        byte[] raw = new byte[MnistDataset.PIXELS];
        int[] one = stroke();
        for (int i = 0; i < raw.length; i++) raw[i] = (byte) one[i];
        MnistDataset stills = MnistDataset.of(Split.TEST, raw, new int[] {1});
        String html = DrawingPad.html(net, stills, "pad-test");
        assertFalse(html.contains("__"), "every placeholder is filled");
        assertTrue(html.contains("id=\"pad-test\"") && html.contains("getElementById('pad-test')"));
        assertTrue(html.contains("\"layers\":[{\"op\":\"conv\""), "the model's weights");
        assertTrue(html.contains("data:image/png;base64,"), "the still for pages that run no scripts");
        assertTrue(html.contains("the model: " + DrawingPad.classify(net, one).digit()), "the still's answer");
    }
}
