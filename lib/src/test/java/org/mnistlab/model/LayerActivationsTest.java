package org.mnistlab.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerActivationsTest {

    private static float[] image(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[28 * 28];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble(-0.5, 2.5);
        return x;
    }

    @Test
    void theFirstMapIsTheFirstFilterSlidOverTheImageThenReLU() {
        Network net = Models.baseline().build(3); // conv (with bias) -> ReLU first
        float[] x = image(1);
        LayerActivations.Maps first = LayerActivations.of(net, x).layers().get(0);
        assertEquals("ReLU after conv 1", first.layer());
        assertEquals(26, first.height());
        assertEquals(26, first.width());
        float[] w = LayerActivations.firstLayerFilters(net)[2];
        float b = net.dl4j().getLayer(0).getParam("b").getFloat(2);
        float[] map = first.map(2);
        for (int y = 0; y < 26; y++) {
            for (int xx = 0; xx < 26; xx++) {
                double sum = b;
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) sum += w[ky * 3 + kx] * x[(y + ky) * 28 + xx + kx];
                }
                assertEquals(Math.max(0, sum), map[y * 26 + xx], 1e-4, "at " + y + "," + xx);
            }
        }
    }

    @Test
    void everyReluAndPoolOfTheFinalModelIsListedWithItsShape() {
        Network net = Models.finalModel().build(1);
        List<LayerActivations.Maps> layers = LayerActivations.of(net, image(2)).layers();
        assertEquals(List.of("ReLU after conv 1", "ReLU after conv 2", "max-pool", "ReLU after conv 3",
                "ReLU after conv 4", "ReLU after conv 5"), layers.stream().map(LayerActivations.Maps::layer).toList());
        assertEquals(List.of(8, 14, 14, 14, 16, 18), layers.stream().map(LayerActivations.Maps::channels).toList());
        assertEquals(List.of(26, 24, 12, 10, 8, 6), layers.stream().map(LayerActivations.Maps::height).toList());
        for (LayerActivations.Maps m : layers) {
            for (int k = 0; k < m.channels(); k++) for (float v : m.map(k)) assertTrue(v >= 0, m.layer());
        }
        assertEquals(8, LayerActivations.firstLayerFilters(net).length);
        assertEquals(9, LayerActivations.firstLayerFilters(net)[0].length);
    }

    @Test
    void aWrongSizedImageIsRefused() {
        Network net = Models.baseline().build(1);
        assertThrows(IllegalArgumentException.class, () -> LayerActivations.of(net, new float[27 * 27]));
    }

    @Test
    void aPatchAsLargeAsTheImageHidesEverything() {
        Network net = Models.finalModel().build(4);
        float[] x = image(3);
        Occlusion whole = Occlusion.of(net, x, 28, -0.4242f);
        assertEquals(net.predict(org.nd4j.linalg.factory.Nd4j.create(x, new long[] {1, 1, 28, 28}, 'c'))[0],
                whole.predicted());
        float[] blank = new float[28 * 28];
        java.util.Arrays.fill(blank, -0.4242f);
        double pBlank = net.output(org.nd4j.linalg.factory.Nd4j.create(blank, new long[] {1, 1, 28, 28}, 'c'))
                .getDouble(0, whole.predicted());
        for (float d : whole.drop()) assertEquals(whole.probability() - pBlank, d, 1e-5);
    }

    @Test
    void occlusionAveragesOverThePatchesCoveringEachPixel() {
        Network net = Models.finalModel().build(5);
        float[] x = image(4);
        Occlusion o = Occlusion.of(net, x, 7, -0.4242f);
        assertEquals(28 * 28, o.drop().length);
        // The corner pixel is covered by exactly one patch: its value is that single occluded copy's fall.
        float[] copy = x.clone();
        for (int y = 0; y < 7; y++) java.util.Arrays.fill(copy, y * 28, y * 28 + 7, -0.4242f);
        double p = net.output(org.nd4j.linalg.factory.Nd4j.create(copy, new long[] {1, 1, 28, 28}, 'c'))
                .getDouble(0, o.predicted());
        assertEquals(o.probability() - p, o.drop()[0], 1e-5);
        assertThrows(IllegalArgumentException.class, () -> Occlusion.of(net, x, 0, 0f));
        assertThrows(IllegalArgumentException.class, () -> Occlusion.of(net, x, 29, 0f));
    }
}
