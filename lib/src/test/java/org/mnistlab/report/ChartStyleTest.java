package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChartStyleTest {

    @Test
    void noTwoOfTheFirstFortyNineSeriesShareBothColourAndMarker() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        int n = Palette.SERIES.size() * ChartStyle.MARKERS.size();
        for (int i = 0; i < n; i++) {
            String pair = Palette.series(i) + "/" + ChartStyle.marker(i).getClass().getSimpleName();
            org.junit.jupiter.api.Assertions.assertTrue(seen.add(pair), "series " + i + " repeats " + pair);
        }
    }

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(10, ChartStyle.niceStep(8.1), 1e-12);
        assertEquals(2, ChartStyle.niceStep(1.42), 1e-12);
        assertEquals(0.5, ChartStyle.niceStep(0.406), 1e-12);
        assertEquals(0.05, ChartStyle.niceStep(0.05), 1e-12);
        assertEquals(1, ChartStyle.niceStep(0), 1e-12);
    }

    @Test
    void accuracyAxisEndsOnRoundTicksAndNeverPassesOneHundred() {
        // A quick run's training accuracy: the axis used to end on the data, at 38.5167.
        XYChart chart = chart(new double[]{38.5167, 79.1, 88.7});
        ChartStyle.niceYRange(chart, true);
        assertEquals(30, chart.getStyler().getYAxisMin(), 1e-9);
        assertEquals(90, chart.getStyler().getYAxisMax(), 1e-9);

        XYChart test = chart(new double[]{97.43, 99.46});
        ChartStyle.referenceLine(test, "Target", 1, 2, 99.4);
        ChartStyle.niceYRange(test, true);
        assertEquals(97, test.getStyler().getYAxisMin(), 1e-9);
        assertEquals(99.5, test.getStyler().getYAxisMax(), 1e-9);

        XYChart high = chart(new double[]{92.3, 99.9});
        ChartStyle.niceYRange(high, true);
        assertEquals(100, high.getStyler().getYAxisMax(), 1e-9);
    }

    @Test
    void aLossAxisKeepsItsZero() {
        XYChart loss = chart(new double[]{0.6655, 0.1771});
        loss.getStyler().setYAxisMin(0.0);
        ChartStyle.niceYRange(loss, false);
        assertEquals(0, loss.getStyler().getYAxisMin(), 1e-9);
        assertEquals(0.7, loss.getStyler().getYAxisMax(), 1e-9);
    }

    private static XYChart chart(double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        XYChart chart = ChartStyle.xy(700, 500, "t", "Epoch", "Accuracy (%)");
        ChartStyle.line(chart, "s", x, y, 0);
        return chart;
    }
}
