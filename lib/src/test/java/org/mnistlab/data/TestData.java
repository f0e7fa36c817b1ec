package org.mnistlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Tiny MNIST-format files built by the tests: IDX, gzip, tar. */
final class TestData {
    private TestData() {
    }

    /** IDX bytes for images: header + n*rows*cols pixels from a simple deterministic pattern. */
    static byte[] idxImages(int n, int rows, int cols, int variant) {
        byte[] pixels = new byte[n * rows * cols];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i * 31 + variant * 7) % 256);
        }
        return idx(IdxFile.IMAGES_MAGIC, new int[] {n, rows, cols}, pixels);
    }

    static byte[] idxLabels(int... labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(IdxFile.LABELS_MAGIC, new int[] {labels.length}, data);
    }

    static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, magic);
        for (int d : dims) {
            writeInt(out, d);
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The four tiny files: 6 training images, 4 test images. */
    static Map<MnistFile, byte[]> tinyMnist() {
        Map<MnistFile, byte[]> files = new EnumMap<>(MnistFile.class);
        files.put(MnistFile.TRAIN_IMAGES, idxImages(6, 28, 28, 1));
        files.put(MnistFile.TRAIN_LABELS, idxLabels(5, 0, 4, 1, 9, 2));
        files.put(MnistFile.TEST_IMAGES, idxImages(4, 28, 28, 2));
        files.put(MnistFile.TEST_LABELS, idxLabels(7, 2, 1, 0));
        return files;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A ustar archive of regular files (names up to 100 characters). */
    static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            byte[] header = new byte[512];
            put(header, 0, entry.getKey());
            put(header, 100, "0000644");
            put(header, 108, "0001750");
            put(header, 116, "0001750");
            put(header, 124, String.format("%011o", entry.getValue().length));
            put(header, 136, String.format("%011o", 1_400_000_000L));
            header[156] = '0';
            put(header, 257, "ustar");
            header[262] = 0;
            put(header, 263, "00");
            for (int i = 148; i < 156; i++) {
                header[i] = ' ';
            }
            long sum = 0;
            for (byte b : header) {
                sum += b & 0xFF;
            }
            put(header, 148, String.format("%06o", sum));
            header[154] = 0;
            out.writeBytes(header);
            out.writeBytes(entry.getValue());
            out.writeBytes(new byte[(512 - entry.getValue().length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    static String md5(byte[] data) {
        return hex("MD5", data);
    }

    static String sha1(byte[] data) {
        return hex("SHA-1", data);
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
