package org.mnistlab.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.List;
import java.util.Locale;

/**
 * One look for every chart, sized for the back row of a classroom: titles 24 pt, axis titles 20 pt, tick labels and
 * legends 18 pt, lines 4 px, Okabe–Ito colours, white background.
 */
final class ChartStyle {

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 24);
    static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 20);
    static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
    static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
    static final Font CELL = new Font(Font.SANS_SERIF, Font.BOLD, 18);

    static final BasicStroke LINE = new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke DASHED = new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[]{14f, 9f}, 0f);

    static final Color GRID = new Color(225, 225, 225);
    static final Color TEXT = new Color(30, 30, 30);

    /** Marker shapes, so series differ in shape as well as colour. */
    static final List<Marker> MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS);

    private ChartStyle() {
    }

    static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        axes(chart.getStyler());
        chart.getStyler().setMarkerSize(11);
        // A decimal pattern, not a formatting function: with a function XChart puts ticks at the data values.
        chart.getStyler().setYAxisDecimalPattern("#,##0.####");
        return chart;
    }

    static CategoryChart category(int width, int height, String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        axes(chart.getStyler());
        chart.getStyler().setLabelsFont(CAPTION);
        return chart;
    }

    private static void axes(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(GRID);
        s.setPlotGridLinesColor(GRID);
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(TEXT);
        s.setAxisTickLabelsColor(TEXT);
        s.setChartTitleFont(TITLE);
        s.setChartTitleBoxVisible(false);
        s.setChartTitlePadding(12);
        s.setAxisTitleFont(AXIS_TITLE);
        s.setAxisTickLabelsFont(TICKS);
        s.setAxisTitlePadding(10);
        s.setLegendFont(LEGEND);
        s.setLegendBorderColor(GRID);
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setLegendSeriesLineLength(36);
        s.setChartPadding(14);
        s.setPlotMargin(8);
        s.setAntiAlias(true);
        s.setLocale(Locale.ROOT);
        s.setSeriesColors(Palette.SERIES.toArray(Color[]::new));
    }

    /** Epoch ticks: whole numbers only; XChart may place ticks at halves for short runs, those stay unlabelled. */
    static void integerXTicks(XYChart chart) {
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v ->
                Math.abs(v - Math.rint(v)) < 1e-9 ? String.valueOf(Math.round(v)) : "");
    }

    /**
     * Rounds the y axis out to whole multiples of a "nice" step (1, 2 or 5 times a power of ten, at least a
     * tenth of the data's range), so that the end ticks read 30 and 100 rather than 38.5167 and 99.8333. A minimum
     * already set (0 for losses) is kept; accuracies never go above 100. Call after every series is added.
     */
    static void niceYRange(XYChart chart, boolean percent) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double y : series.getYData()) {
                if (Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        if (!(lo <= hi)) return;
        Double fixedMin = chart.getStyler().getYAxisMin();
        if (fixedMin != null) lo = Math.min(lo, fixedMin);
        double step = niceStep((hi - lo) / 10);
        double min = fixedMin != null ? fixedMin : Math.floor(lo / step) * step;
        double max = Math.ceil(hi / step) * step;
        if (max <= min) max = min + step;
        if (percent && hi <= 100) max = Math.min(max, 100);
        chart.getStyler().setYAxisMin(min);
        chart.getStyler().setYAxisMax(max);
    }

    /** The smallest of 1, 2, 5 times a power of ten that is at least {@code rough} (positive). */
    static double niceStep(double rough) {
        if (!(rough > 0)) return 1;
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * power >= rough * (1 - 1e-9)) return m * power;
        }
        return 10 * power;
    }

    /** A data line with markers at each point. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, int seriesIndex) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(Palette.series(seriesIndex));
        s.setMarkerColor(Palette.series(seriesIndex));
        s.setLineStyle(LINE);
        s.setMarker(marker(seriesIndex));
        return s;
    }

    /**
     * The {@code i}-th series' marker: each time the colours start again the shapes move on by one, so no two of
     * the first {@code colours x shapes} series share both colour and shape.
     */
    static Marker marker(int seriesIndex) {
        int i = Math.max(seriesIndex, 0);
        return MARKERS.get((i + i / Palette.SERIES.size()) % MARKERS.size());
    }

    /** A dashed grey horizontal reference line across {@code [x0, x1]}. */
    static XYSeries referenceLine(XYChart chart, String name, double x0, double x1, double y) {
        XYSeries s = chart.addSeries(name, new double[]{x0, x1}, new double[]{y, y});
        s.setLineColor(Palette.GREY);
        s.setLineStyle(DASHED);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }

    static void antialias(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    /** Graphics on {@code image}, antialiased, cleared to white, drawing in the text colour. Dispose it after use. */
    static Graphics2D whiteCanvas(java.awt.image.BufferedImage image) {
        Graphics2D g = image.createGraphics();
        antialias(g);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(TEXT);
        return g;
    }

    static Styler.LegendPosition legendFor(boolean rising) {
        return rising ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE;
    }
}
