package org.mnistlab.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Draws a confusion matrix with Java2D rather than XChart's heat map: correct predictions (the diagonal, ~1,000 per
 * class) and errors (0-10 per cell) differ by two orders of magnitude, so they get separate colour scales, or the
 * errors would all look white.
 */
final class ConfusionMatrixPainter {

    private static final int PAD = 20;

    private ConfusionMatrixPainter() {
    }

    static BufferedImage paint(int[][] counts, int width, int height) {
        int n = counts.length;
        long total = 0;
        long correct = 0;
        int maxError = 0;
        long[] rowTotals = new long[n];
        for (int t = 0; t < n; t++) {
            if (counts[t] == null || counts[t].length != n) {
                throw new IllegalArgumentException("confusion matrix must be square: row " + t + " has "
                        + (counts[t] == null ? "no" : counts[t].length) + " entries, expected " + n);
            }
            for (int p = 0; p < n; p++) {
                int c = counts[t][p];
                if (c < 0) throw new IllegalArgumentException("negative count " + c + " at true " + t + ", pred " + p);
                total += c;
                rowTotals[t] += c;
                if (t == p) correct += c;
                else maxError = Math.max(maxError, c);
            }
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartStyle.whiteCanvas(out);
        try {

            String title = total == 0 ? "Confusion matrix" : String.format(Locale.ROOT,
                    "Confusion matrix: %,d of %,d correct (%.2f %%)", correct, total, 100.0 * correct / total);
            String subtitle = "diagonal (blue) = correct, off-diagonal (orange-red) = mistakes";
            FontMetrics tf = g.getFontMetrics(ChartStyle.TITLE);
            FontMetrics cf = g.getFontMetrics(ChartStyle.CAPTION);
            FontMetrics af = g.getFontMetrics(ChartStyle.AXIS_TITLE);
            FontMetrics kf = g.getFontMetrics(ChartStyle.TICKS);
            g.setFont(ChartStyle.TITLE);
            g.drawString(title, (width - tf.stringWidth(title)) / 2, PAD + tf.getAscent());
            g.setFont(ChartStyle.CAPTION);
            g.setColor(Palette.GREY);
            int subY = PAD + tf.getHeight() + 4;
            g.drawString(subtitle, (width - cf.stringWidth(subtitle)) / 2, subY + cf.getAscent());
            g.setColor(ChartStyle.TEXT);

            int top = subY + cf.getHeight() + 16;
            int left = PAD + af.getHeight() + 10 + kf.stringWidth(String.valueOf(n - 1)) + 10;
            int bottom = PAD + af.getHeight() + 10 + kf.getHeight() + 6;
            int cell = Math.max(1, Math.min((width - left - PAD) / n, (height - top - bottom) / n));
            int gridW = cell * n;
            int x0 = left + (width - left - PAD - gridW) / 2;
            int y0 = top;

            g.setFont(ChartStyle.CELL);
            FontMetrics vf = g.getFontMetrics();
            for (int t = 0; t < n; t++) {
                for (int p = 0; p < n; p++) {
                    int c = counts[t][p];
                    Color bg;
                    if (t == p) {
                        double share = rowTotals[t] == 0 ? 0 : (double) c / rowTotals[t];
                        bg = ImageGrid.mix(Color.WHITE, Palette.BLUE, 0.25 + 0.75 * share);
                    } else if (c == 0) {
                        bg = Color.WHITE;
                    } else {
                        bg = ImageGrid.mix(Color.WHITE, Palette.VERMILLION, 0.2 + 0.8 * c / (double) maxError);
                    }
                    int x = x0 + p * cell;
                    int y = y0 + t * cell;
                    g.setColor(bg);
                    g.fillRect(x, y, cell, cell);
                    g.setColor(ChartStyle.GRID);
                    g.drawRect(x, y, cell, cell);
                    String label = String.valueOf(c);
                    g.setColor(c == 0 && t != p ? new Color(200, 200, 200) : luminance(bg) < 0.55 ? Color.WHITE
                            : ChartStyle.TEXT);
                    g.drawString(label, x + (cell - vf.stringWidth(label)) / 2,
                            y + (cell - vf.getHeight()) / 2 + vf.getAscent());
                }
            }

            g.setColor(ChartStyle.TEXT);
            g.setFont(ChartStyle.TICKS);
            for (int i = 0; i < n; i++) {
                String s = String.valueOf(i);
                g.drawString(s, x0 + i * cell + (cell - kf.stringWidth(s)) / 2, y0 + gridW + 6 + kf.getAscent());
                g.drawString(s, x0 - 10 - kf.stringWidth(s), y0 + i * cell + (cell - kf.getHeight()) / 2 + kf.getAscent());
            }
            g.setFont(ChartStyle.AXIS_TITLE);
            String xTitle = "Predicted label";
            g.drawString(xTitle, x0 + (gridW - af.stringWidth(xTitle)) / 2,
                    y0 + gridW + 6 + kf.getHeight() + 10 + af.getAscent());
            String yTitle = "True label";
            AffineTransform saved = g.getTransform();
            int yx = x0 - 10 - kf.stringWidth(String.valueOf(n - 1)) - 10 - af.getDescent();
            g.rotate(-Math.PI / 2, yx, y0 + gridW / 2.0);
            g.drawString(yTitle, yx - af.stringWidth(yTitle) / 2, y0 + gridW / 2);
            g.setTransform(saved);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
    }
}
