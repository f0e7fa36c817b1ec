package org.mnistlab.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes charts as compact PNGs, with an 8-bit palette instead of 32-bit pixels: about half the bytes, which adds
 * up in notebooks that commit their outputs. A chart with at most 256 colours is encoded exactly; one with more
 * (the anti-aliased edges of lines and text) keeps its 256 most frequent colours, and each other pixel takes the
 * nearest of those, which only shades an edge pixel slightly differently.
 */
final class PngEncoder {

    static final int PALETTE = 256;

    private PngEncoder() {
    }

    static byte[] encode(BufferedImage image, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        try {
            if (!ImageIO.write(paletted(image), "png", out)) {
                throw new IllegalStateException("no PNG writer available in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode " + what + " as PNG", e);
        }
        return out.toByteArray();
    }

    /** The image with an 8-bit palette of its most frequent colours (alpha included). */
    static BufferedImage paletted(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int p : pixels) counts.merge(p, 1, Integer::sum);
        List<Map.Entry<Integer, Integer>> byCount = new ArrayList<>(counts.entrySet());
        // Most frequent first; ties by colour, so the same chart always gets the same palette.
        byCount.sort((a, b) -> !a.getValue().equals(b.getValue()) ? b.getValue() - a.getValue()
                : Integer.compareUnsigned(a.getKey(), b.getKey()));
        int[] palette = new int[Math.min(PALETTE, byCount.size())];
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < palette.length; i++) {
            palette[i] = byCount.get(i).getKey();
            index.put(palette[i], i);
        }
        IndexColorModel model = new IndexColorModel(8, palette.length, palette, 0, true, -1, DataBuffer.TYPE_BYTE);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            data[i] = (byte) (int) index.computeIfAbsent(pixels[i], c -> nearest(palette, c));
        }
        return out;
    }

    private static int nearest(int[] palette, int argb) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            long d = 0;
            for (int shift = 0; shift < 32; shift += 8) {
                int diff = ((palette[i] >>> shift) & 0xff) - ((argb >>> shift) & 0xff);
                d += (long) diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        return best;
    }
}
