package org.mnistlab.model.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-layer profile adds up what it is given and names every layer; no clock is asserted on. */
class LayerTimesTest {

    @Test
    void averagesEachLayerOverTheRecordedSteps() {
        LayerTimes t = new LayerTimes(List.of("conv", "pool"));
        for (int step = 0; step < 2; step++) {
            t.forward(0, 3_000_000);
            t.forward(1, 1_000_000);
            t.backward(1, 500_000);
            t.backward(0, 5_000_000);
            t.lossAndUpdate(200_000, 400_000);
        }
        List<LayerTimes.Row> rows = t.rows();
        assertEquals(2, t.steps());
        assertEquals(List.of("conv", "pool", "softmax cross-entropy", "optimiser update"),
                rows.stream().map(LayerTimes.Row::layer).toList());
        assertEquals(3.0, rows.get(0).forwardMs(), 1e-12);
        assertEquals(5.0, rows.get(0).backwardMs(), 1e-12);
        assertEquals(1.5, rows.get(1).totalMs(), 1e-12);
        assertEquals(0.4, rows.get(3).forwardMs(), 1e-12);
        String table = t.table();
        assertTrue(table.contains("conv") && table.contains("79.2%") && table.contains("over 2 steps"), table);
    }
}
