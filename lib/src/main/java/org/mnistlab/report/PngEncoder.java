package org.mnistlab.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes charts as compact PNGs, with a palette instead of 32-bit pixels, which adds up in notebooks that commit
 * their outputs. A chart with at most {@value #PALETTE} colours is encoded exactly; one with more (the anti-aliased
 * edges of lines and text, a digit's grey levels) keeps its {@value #PALETTE} most frequent colours, and each other
 * pixel takes the nearest of those. The series, text and grid colours cover far more pixels than any edge shade, so
 * they stay exact; an edge is drawn with fewer shades, and a grey digit with fewer greys (48 colours make the
 * lessons' charts about a fifth smaller than 256 do, which keeps the committed notebooks within their budget). The file is written here rather than by
 * ImageIO: palette rows compress best unfiltered at the highest deflate level (about a fifth smaller).
 */
final class PngEncoder {

    static final int PALETTE = 48;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngEncoder() {
    }

    static byte[] encode(BufferedImage image, String what) {
        if (image.getWidth() < 1 || image.getHeight() < 1) throw new IllegalArgumentException(what + " is empty");
        BufferedImage indexed = paletted(image);
        IndexColorModel model = (IndexColorModel) indexed.getColorModel();
        int w = indexed.getWidth(), h = indexed.getHeight(), n = model.getMapSize();
        byte[] pixels = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        out.writeBytes(SIGNATURE);
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 3)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        byte[] plte = new byte[3 * n];
        byte[] trns = new byte[n];
        boolean alpha = false;
        for (int i = 0; i < n; i++) {
            int argb = model.getRGB(i);
            plte[3 * i] = (byte) (argb >>> 16);
            plte[3 * i + 1] = (byte) (argb >>> 8);
            plte[3 * i + 2] = (byte) argb;
            trns[i] = (byte) (argb >>> 24);
            alpha |= (argb >>> 24) != 0xff;
        }
        chunk(out, "PLTE", plte);
        if (alpha) chunk(out, "tRNS", trns);
        byte[] rows = new byte[h * (w + 1)]; // each row: filter type 0 (none), then its palette indices
        for (int y = 0; y < h; y++) System.arraycopy(pixels, y * w, rows, y * (w + 1) + 1, w);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(rows);
            deflater.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream(rows.length / 8 + 64);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) z.write(buffer, 0, deflater.deflate(buffer));
            chunk(out, "IDAT", z.toByteArray());
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The image with a palette of its {@value #PALETTE} most frequent colours (alpha included). */
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
