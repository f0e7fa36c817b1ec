package org.mnistlab.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Draws small images in a grid with a caption under each and a title on top (digits, augmentations, filters). */
final class ImageGrid {

    /**
     * One cell: an already scaled image and its caption ({@code "\n"} separates lines); a tile with no image (see
     * {@link #blank()}) leaves its cell empty.
     */
    record Tile(BufferedImage image, String caption) {
        static Tile blank() {
            return new Tile(null, "");
        }
    }

    private static final int PAD = 20;
    private static final int GAP = 14;
    private static final Color BORDER = new Color(190, 190, 190);

    private ImageGrid() {
    }

    static BufferedImage paint(String title, List<Tile> tiles, int columns) {
        if (tiles.isEmpty()) throw new IllegalArgumentException("nothing to draw: the list of images is empty");
        if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;

        // Measure with a scratch graphics: cell size depends on the widest caption.
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        FontMetrics capFm = sg.getFontMetrics(ChartStyle.CAPTION);
        FontMetrics titleFm = sg.getFontMetrics(ChartStyle.TITLE);
        int tileW = 0;
        int tileH = 0;
        int captionLines = 0;
        int captionW = 0;
        for (Tile t : tiles) {
            if (t.image() == null) continue;
            tileW = Math.max(tileW, t.image().getWidth());
            tileH = Math.max(tileH, t.image().getHeight());
            String[] lines = lines(t.caption());
            captionLines = Math.max(captionLines, lines.length);
            for (String line : lines) captionW = Math.max(captionW, capFm.stringWidth(line));
        }
        boolean hasTitle = title != null && !title.isBlank();
        int titleW = hasTitle ? titleFm.stringWidth(title) : 0;
        sg.dispose();

        int lineH = capFm.getHeight();
        int cellW = Math.max(tileW, captionW) + GAP;
        int cellH = tileH + (captionLines > 0 ? 6 + captionLines * lineH : 0) + GAP;
        int titleH = hasTitle ? titleFm.getHeight() + 16 : 0;
        int width = Math.max(2 * PAD + cols * cellW, 2 * PAD + titleW);
        int height = 2 * PAD + titleH + rows * cellH;

        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartStyle.whiteCanvas(out);
        try {
            if (hasTitle) {
                g.setFont(ChartStyle.TITLE);
                g.drawString(title, (width - titleW) / 2, PAD + titleFm.getAscent());
            }
            int gridW = cols * cellW;
            int x0 = (width - gridW) / 2;
            int y0 = PAD + titleH;
            g.setFont(ChartStyle.CAPTION);
            for (int i = 0; i < tiles.size(); i++) {
                Tile t = tiles.get(i);
                if (t.image() == null) continue;
                int cx = x0 + (i % cols) * cellW;
                int cy = y0 + (i / cols) * cellH;
                int ix = cx + (cellW - t.image().getWidth()) / 2;
                int iy = cy + (tileH - t.image().getHeight()) / 2;
                // Nearest neighbour: the tiles are pre-scaled by whole factors, drawn 1:1.
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(t.image(), ix, iy, null);
                g.setColor(BORDER);
                g.drawRect(ix - 1, iy - 1, t.image().getWidth() + 1, t.image().getHeight() + 1);
                g.setColor(ChartStyle.TEXT);
                String[] lines = lines(t.caption());
                for (int l = 0; l < lines.length; l++) {
                    int lw = capFm.stringWidth(lines[l]);
                    g.drawString(lines[l], cx + (cellW - lw) / 2, cy + tileH + 6 + l * lineH + capFm.getAscent());
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String[] lines(String caption) {
        return caption == null || caption.isEmpty() ? new String[0] : caption.split("\n");
    }

    /** A digit as dark ink on white (easier to read on a projector than white on black), scaled by {@code scale}. */
    static BufferedImage digitTile(DigitImage d, int scale) {
        BufferedImage img = new BufferedImage(d.width() * scale, d.height() * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < d.height(); y++) {
            for (int x = 0; x < d.width(); x++) {
                int v = 255 - d.pixel(x, y);
                int rgb = (v << 16) | (v << 8) | v;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) img.setRGB(x * scale + dx, y * scale + dy, rgb);
                }
            }
        }
        return img;
    }

    /**
     * A convolution kernel in a diverging map: negative weights blue, zero white, positive vermillion, each kernel
     * scaled by its own largest |weight| so small and large filters are equally visible.
     */
    static BufferedImage kernelTile(float[] kernel, int side, int cellPixels) {
        float maxAbs = 0f;
        for (float v : kernel) {
            if (!Float.isFinite(v)) throw new IllegalArgumentException("kernel weight is not finite: " + v);
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        int scale = Math.max(1, cellPixels / side);
        BufferedImage img = new BufferedImage(side * scale, side * scale, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float t = maxAbs == 0 ? 0 : kernel[y * side + x] / maxAbs;
                    g.setColor(t < 0 ? mix(Color.WHITE, Palette.BLUE, -t) : mix(Color.WHITE, Palette.VERMILLION, t));
                    g.fillRect(x * scale, y * scale, scale, scale);
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    static Color mix(Color from, Color to, double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * u),
                (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * u),
                (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * u));
    }
}
