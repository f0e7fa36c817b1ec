package org.mnistlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads unsigned-byte IDX files (the MNIST format), raw or gzip-compressed (recognised by the gzip magic bytes
 * {@code 1f 8b}, whatever the file name). Every problem is reported as a {@link MnistDataException} naming the file:
 * bad magic number, bad dimension count or size, truncated or over-long payload, corrupt gzip stream.
 *
 * <pre>{@code IdxFile labels = IdxReader.readLabels(Path.of("train-labels-idx1-ubyte"));}</pre>
 */
public final class IdxReader {
    private static final int MAX_DIMS = 4;

    private IdxReader() {
    }

    /** Reads a 3-dimensional image file; requires magic 0x00000803 and 28x28 images. */
    public static IdxFile readImages(Path file) {
        IdxFile idx = read(file);
        if (idx.magic() != IdxFile.IMAGES_MAGIC) {
            throw new MnistDataException(String.format(
                    "%s is not an MNIST image file: magic number 0x%08x, expected 0x%08x", file, idx.magic(),
                    IdxFile.IMAGES_MAGIC));
        }
        int[] dims = idx.dims();
        if (dims[1] != MnistDataset.ROWS || dims[2] != MnistDataset.COLS) {
            throw new MnistDataException(file + " holds " + dims[1] + "x" + dims[2] + " images, expected "
                    + MnistDataset.ROWS + "x" + MnistDataset.COLS);
        }
        return idx;
    }

    /** Reads a 1-dimensional label file; requires magic 0x00000801 and labels 0..9. */
    public static IdxFile readLabels(Path file) {
        IdxFile idx = read(file);
        if (idx.magic() != IdxFile.LABELS_MAGIC) {
            throw new MnistDataException(String.format(
                    "%s is not an MNIST label file: magic number 0x%08x, expected 0x%08x", file, idx.magic(),
                    IdxFile.LABELS_MAGIC));
        }
        for (int i = 0; i < idx.length(); i++) {
            if (idx.unsignedByte(i) >= MnistDataset.CLASSES) {
                throw new MnistDataException(file + ": label " + i + " is " + idx.unsignedByte(i) + ", expected 0..9");
            }
        }
        return idx;
    }

    /** Reads any unsigned-byte IDX file, raw or gzip. */
    public static IdxFile read(Path file) {
        byte[] bytes;
        try {
            if (isGzip(file)) {
                try (InputStream in = openContent(file)) {
                    bytes = in.readAllBytes();
                }
            } else {
                bytes = Files.readAllBytes(file); // one exact-size read: 47 MB for the training images
            }
        } catch (NoSuchFileException e) {
            throw new MnistDataException("IDX file not found: " + file, e);
        } catch (EOFException e) {
            throw new MnistDataException(file + " is truncated: the gzip stream ends early (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new MnistDataException(file + " is corrupt: bad gzip data (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new MnistDataException("cannot read " + file + ": " + e, e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses the bytes of an (uncompressed) IDX file; {@code source} names it in error messages. */
    public static IdxFile parse(byte[] bytes, String source) {
        if (bytes.length < 4) {
            throw new MnistDataException(source + " is too short for an IDX header (" + bytes.length + " bytes)");
        }
        int magic = readInt(bytes, 0);
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new MnistDataException(String.format(
                    "%s is not an IDX file: bad magic number 0x%08x (expected 0x%08x for images or 0x%08x for labels)",
                    source, magic, IdxFile.IMAGES_MAGIC, IdxFile.LABELS_MAGIC));
        }
        int type = bytes[2] & 0xFF;
        if (type != 0x08) {
            throw new MnistDataException(String.format(
                    "%s: unsupported IDX data type 0x%02x in magic number 0x%08x (only unsigned byte, 0x08)",
                    source, type, magic));
        }
        int dimCount = bytes[3] & 0xFF;
        if (dimCount < 1 || dimCount > MAX_DIMS) {
            throw new MnistDataException(source + ": bad IDX dimension count " + dimCount + " (expected 1.." + MAX_DIMS + ")");
        }
        int header = 4 + 4 * dimCount;
        if (bytes.length < header) {
            throw new MnistDataException(source + " is truncated: " + bytes.length + " bytes, the header alone needs " + header);
        }
        int[] dims = new int[dimCount];
        long expected = 1;
        for (int i = 0; i < dimCount; i++) {
            dims[i] = readInt(bytes, 4 + 4 * i);
            if (dims[i] <= 0) {
                throw new MnistDataException(source + ": dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + ", expected a positive size");
            }
            expected *= dims[i];
            if (expected > Integer.MAX_VALUE) {
                throw new MnistDataException(source + ": dimensions too large");
            }
        }
        long actual = bytes.length - header;
        if (actual < expected) {
            throw new MnistDataException(source + " is truncated: dimensions " + java.util.Arrays.toString(dims)
                    + " need " + expected + " data bytes, found " + actual);
        }
        if (actual > expected) {
            throw new MnistDataException(source + " has " + (actual - expected) + " unexpected bytes after the "
                    + expected + " data bytes of dimensions " + java.util.Arrays.toString(dims));
        }
        return new IdxFile(source, magic, dims, bytes, header);
    }

    /** True when the file starts with the gzip magic bytes {@code 1f 8b}. */
    public static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1F && in.read() == 0x8B;
        }
    }

    /** Opens the file's content, transparently decompressing gzip. */
    static InputStream openContent(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1F && in.read() == 0x8B;
        in.reset();
        return gzip ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
