package org.mnistlab.report;

import org.mnistlab.model.LayerActivations;
import org.mnistlab.model.Occlusion;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pictures of what a trained network computes: its feature maps for one digit, layer by layer, and occlusion maps of
 * the pixels its predictions rest on.
 *
 * <p>Example: {@code FeatureCharts.featureMaps("Seed 1", LayerActivations.of(network, image), 8)}
 */
public final class FeatureCharts {

    private static final int TILE = 64;

    private FeatureCharts() {
    }

    /**
     * One row per layer, input side first: the first {@code perLayer} maps of each, every map scaled by its own
     * largest value (white = 0, black = its largest), so a weak map is as readable as a strong one.
     */
    public static ChartImage featureMaps(String title, LayerActivations activations, int perLayer) {
        if (perLayer < 1) throw new IllegalArgumentException("perLayer must be >= 1, got " + perLayer);
        if (activations.layers().isEmpty()) throw new IllegalArgumentException("no feature maps to draw");
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (LayerActivations.Maps layer : activations.layers()) {
            int shown = Math.min(perLayer, layer.channels());
            for (int k = 0; k < perLayer; k++) {
                if (k >= shown) {
                    tiles.add(ImageGrid.Tile.blank());
                    continue;
                }
                String caption = (k == 0 ? String.format(Locale.ROOT, "%s, %d×%d", layer.layer(), layer.height(),
                        layer.width()) : "") + "\n#" + k + (k == shown - 1 && shown < layer.channels()
                        ? " of " + layer.channels() : "");
                tiles.add(new ImageGrid.Tile(mapTile(layer.map(k), layer.height(), layer.width()), caption));
            }
        }
        return new ChartImage(title, ImageGrid.paint(title, tiles, perLayer));
    }

    /**
     * Each digit beside its occlusion map: vermillion where hiding the pixels lowers the predicted class's
     * probability (the prediction rests on them), blue where it raises it, each map scaled by its own largest change
     * and the digit's strokes drawn faintly over it.
     */
    public static ChartImage occlusion(String title, List<DigitImage> digits, List<Occlusion> maps) {
        if (digits.size() != maps.size() || digits.isEmpty()) {
            throw new IllegalArgumentException(digits.size() + " digits for " + maps.size() + " occlusion maps");
        }
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < digits.size(); i++) {
            Occlusion o = maps.get(i);
            tiles.add(new ImageGrid.Tile(ImageGrid.digitTile(digits.get(i), 5), digits.get(i).caption()));
            tiles.add(new ImageGrid.Tile(withInk(ImageGrid.kernelTile(o.drop(), o.side(), 5 * o.side()), digits.get(i)),
                    String.format(Locale.ROOT, "what p(%d) = %.2f rests on", o.predicted(), o.probability())));
        }
        return new ChartImage(title, ImageGrid.paint(title, tiles, Math.min(6, tiles.size())));
    }

    /** The digit's ink drawn faintly over a map of the same size, so the map can be read against the strokes. */
    private static BufferedImage withInk(BufferedImage map, DigitImage digit) {
        int scale = map.getWidth() / digit.width();
        for (int y = 0; y < map.getHeight(); y++) {
            for (int x = 0; x < map.getWidth(); x++) {
                int ink = digit.pixel(Math.min(digit.width() - 1, x / scale), Math.min(digit.height() - 1, y / scale));
                java.awt.Color c = new java.awt.Color(map.getRGB(x, y));
                map.setRGB(x, y, ImageGrid.mix(c, java.awt.Color.DARK_GRAY, 0.45 * ink / 255.0).getRGB());
            }
        }
        return map;
    }

    private static BufferedImage mapTile(float[] map, int height, int width) {
        float max = 0f;
        for (float v : map) max = Math.max(max, v);
        int[] pixels = new int[map.length];
        for (int i = 0; i < map.length; i++) {
            pixels[i] = max <= 0 ? 0 : Math.round(255f * Math.max(0f, map[i]) / max);
        }
        int scale = Math.max(1, TILE / Math.max(height, width));
        return ImageGrid.digitTile(new DigitImage(width, height, pixels, ""), scale);
    }
}
