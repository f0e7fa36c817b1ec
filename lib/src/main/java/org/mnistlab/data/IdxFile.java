package org.mnistlab.data;

import java.util.Arrays;

/**
 * The parsed content of an unsigned-byte IDX file: its magic number, its dimensions and its payload.
 * Immutable: the payload is only exposed through copying or single-value accessors.
 *
 * <pre>{@code IdxFile images = IdxReader.readImages(path);  images.count();  images.unsignedByte(0);}</pre>
 */
public final class IdxFile {
    /** Magic number of an unsigned-byte IDX file with 3 dimensions (MNIST images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte IDX file with 1 dimension (MNIST labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private final String source;
    private final int magic;
    private final int[] dims;
    private final byte[] buffer;
    private final int offset;

    IdxFile(String source, int magic, int[] dims, byte[] buffer, int offset) {
        this.source = source;
        this.magic = magic;
        this.dims = dims.clone();
        this.buffer = buffer;
        this.offset = offset;
    }

    /** Where the data came from (a file path), for messages. */
    public String source() {
        return source;
    }

    public int magic() {
        return magic;
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of items: the first dimension. */
    public int count() {
        return dims[0];
    }

    /** Values per item: the product of all dimensions but the first. */
    public int itemSize() {
        int size = 1;
        for (int i = 1; i < dims.length; i++) {
            size *= dims[i];
        }
        return size;
    }

    /** Total number of payload values. */
    public int length() {
        return count() * itemSize();
    }

    /** Payload value {@code index} as 0..255. */
    public int unsignedByte(int index) {
        if (index < 0 || index >= length()) {
            throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (length() - 1));
        }
        return buffer[offset + index] & 0xFF;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return Arrays.copyOfRange(buffer, offset, offset + length());
    }

    /** Copies payload values {@code [from, from + count)} into {@code target} (no allocation, for big files). */
    void copyPayload(int from, byte[] target, int targetOffset, int count) {
        System.arraycopy(buffer, offset + from, target, targetOffset, count);
    }

    @Override
    public String toString() {
        return String.format("IdxFile[%s, magic 0x%08x, dims %s]", source, magic, Arrays.toString(dims));
    }
}
