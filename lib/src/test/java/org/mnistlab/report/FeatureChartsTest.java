package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.mnistlab.model.LayerActivations;
import org.mnistlab.model.Occlusion;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureChartsTest {

    private static LayerActivations.Maps maps(String name, int channels, int side, float value) {
        float[][] m = new float[channels][side * side];
        for (float[] map : m) java.util.Arrays.fill(map, value);
        return new LayerActivations.Maps(0, name, channels, side, side, m);
    }

    @Test
    void oneRowPerLayerWithAsManyColumnsAsAsked() {
        LayerActivations a = new LayerActivations(List.of(maps("ReLU after conv 1", 8, 26, 1f),
                maps("max-pool", 3, 12, 0f)));
        ChartImage eight = FeatureCharts.featureMaps("maps", a, 8);
        ChartImage four = FeatureCharts.featureMaps("maps", a, 4);
        assertTrue(eight.width() > four.width(), "more columns, wider picture");
        assertEquals(eight.height(), four.height(), "two layers, two rows either way");
        assertThrows(IllegalArgumentException.class, () -> FeatureCharts.featureMaps("maps", a, 0));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureCharts.featureMaps("maps", new LayerActivations(List.of()), 8));
    }

    @Test
    void eachMistakeNeedsItsOcclusionMap() {
        DigitImage digit = DigitImage.of(new int[28 * 28], "true 4 → pred 9 (0.87)");
        Occlusion o = new Occlusion(9, 0.87, 28, new float[28 * 28]);
        assertTrue(FeatureCharts.occlusion("mistakes", List.of(digit), List.of(o)).width() > 0);
        assertThrows(IllegalArgumentException.class, () -> FeatureCharts.occlusion("mistakes", List.of(digit), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new LayerActivations.Maps(0, "x", 2, 3, 3, new float[1][9]));
    }
}
