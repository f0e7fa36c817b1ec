package org.mnistlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private void assertRejected(Path file, String expectedInMessage) {
        MnistDataException e = assertThrows(MnistDataException.class, () -> IdxReader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), "message should name the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expectedInMessage), "message: " + e.getMessage());
    }

    @Test
    void readsRawImagesAndLabels() throws IOException {
        byte[] images = TestData.idxImages(3, 28, 28, 0);
        IdxFile idx = IdxReader.readImages(write("images", images));
        assertEquals(IdxFile.IMAGES_MAGIC, idx.magic());
        assertArrayEquals(new int[] {3, 28, 28}, idx.dims());
        assertEquals(3, idx.count());
        assertEquals(784, idx.itemSize());
        assertArrayEquals(Arrays.copyOfRange(images, 16, images.length), idx.payload());
        assertEquals(images[16 + 100] & 0xFF, idx.unsignedByte(100));

        IdxFile labels = IdxReader.readLabels(write("labels", TestData.idxLabels(3, 9, 0)));
        assertEquals(IdxFile.LABELS_MAGIC, labels.magic());
        assertArrayEquals(new byte[] {3, 9, 0}, labels.payload());
    }

    @Test
    void readsGzipByContentNotByName() throws IOException {
        byte[] images = TestData.idxImages(2, 28, 28, 5);
        Path gz = write("images-without-gz-suffix", TestData.gzip(images));
        assertTrue(IdxReader.isGzip(gz));
        assertArrayEquals(Arrays.copyOfRange(images, 16, images.length), IdxReader.readImages(gz).payload());
        assertFalse(IdxReader.isGzip(write("raw.gz", images)));
        assertEquals(2, IdxReader.readImages(dir.resolve("raw.gz")).count());
    }

    @Test
    void rejectsBadMagic() throws IOException {
        byte[] bytes = TestData.idxImages(1, 28, 28, 0);
        bytes[0] = 0x1A;
        assertRejected(write("bad-magic", bytes), "bad magic number 0x1a000803");
        byte[] badType = TestData.idxImages(1, 28, 28, 0);
        badType[2] = 0x0D; // float data
        assertRejected(write("float-type", badType), "unsupported IDX data type 0x0d");
        // A label file where images are expected and vice versa.
        Path labels = write("labels", TestData.idxLabels(1, 2));
        MnistDataException e = assertThrows(MnistDataException.class, () -> IdxReader.readImages(labels));
        assertTrue(e.getMessage().contains("not an MNIST image file"), e.getMessage());
        Path images = write("images", TestData.idxImages(1, 28, 28, 0));
        assertThrows(MnistDataException.class, () -> IdxReader.readLabels(images));
    }

    @Test
    void rejectsBadDimensions() throws IOException {
        assertRejected(write("zero-dims", new byte[] {0, 0, 8, 0}), "bad IDX dimension count 0");
        assertRejected(write("many-dims", new byte[] {0, 0, 8, 9}), "bad IDX dimension count 9");
        assertRejected(write("zero-size", TestData.idx(IdxFile.IMAGES_MAGIC, new int[] {0, 28, 28}, new byte[0])),
                "dimension 0 is 0");
        Path small = write("small-images", TestData.idxImages(2, 27, 28, 0));
        MnistDataException e = assertThrows(MnistDataException.class, () -> IdxReader.readImages(small));
        assertTrue(e.getMessage().contains("27x28 images, expected 28x28"), e.getMessage());
        Path badLabel = write("bad-label", TestData.idxLabels(3, 10));
        e = assertThrows(MnistDataException.class, () -> IdxReader.readLabels(badLabel));
        assertTrue(e.getMessage().contains("label 1 is 10"), e.getMessage());
    }

    @Test
    void rejectsTruncationAndTrailingBytes() throws IOException {
        byte[] images = TestData.idxImages(2, 28, 28, 0);
        assertRejected(write("short-payload", Arrays.copyOf(images, images.length - 1)),
                "need 1568 data bytes, found 1567");
        assertRejected(write("short-header", Arrays.copyOf(images, 10)), "the header alone needs 16");
        assertRejected(write("tiny", new byte[] {0, 0}), "too short for an IDX header");
        assertRejected(write("empty", new byte[0]), "too short for an IDX header");
        byte[] longer = Arrays.copyOf(images, images.length + 5);
        assertRejected(write("trailing", longer), "5 unexpected bytes");
    }

    @Test
    void rejectsTruncatedAndCorruptGzip() throws IOException {
        byte[] gz = TestData.gzip(TestData.idxImages(4, 28, 28, 0));
        assertRejected(write("truncated.gz", Arrays.copyOf(gz, gz.length / 2)), "truncated");
        byte[] corrupt = gz.clone();
        for (int i = 20; i < 60; i++) {
            corrupt[i] ^= 0x5A;
        }
        MnistDataException e = assertThrows(MnistDataException.class, () -> IdxReader.read(write("corrupt.gz", corrupt)));
        assertTrue(e.getMessage().contains("corrupt.gz"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope");
        MnistDataException e = assertThrows(MnistDataException.class, () -> IdxReader.read(missing));
        assertTrue(e.getMessage().contains("not found") && e.getMessage().contains(missing.toString()));
    }
}
