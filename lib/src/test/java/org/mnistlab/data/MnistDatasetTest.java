package org.mnistlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.augment.Augmentation;

class MnistDatasetTest {

    /** n images whose first two raw pixels encode the index, labels i % 10. */
    static MnistDataset indexed(int n) {
        byte[] pixels = new byte[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 784] = (byte) (i % 256);
            pixels[i * 784 + 1] = (byte) (i / 256);
            pixels[i * 784 + 2] = (byte) 255;
            labels[i] = i % 10;
        }
        return MnistDataset.of(Split.TRAIN, pixels, labels);
    }

    /** Recovers the index encoded by {@link #indexed} from normalised pixels. */
    static int decodeIndex(float[] normalised, int offset) {
        return raw(normalised[offset]) + 256 * raw(normalised[offset + 1]);
    }

    static int raw(float normalised) {
        return Math.round((normalised * MnistDataset.STD + MnistDataset.MEAN) * 255);
    }

    @Test
    void normalisesLikeTorchvision() {
        assertEquals((0f / 255f - 0.1307f) / 0.3081f, MnistDataset.normalise(0), 0f);
        assertEquals((1f - 0.1307f) / 0.3081f, MnistDataset.normalise(255), 0f);
        assertEquals(Augmentation.MNIST_BLACK, MnistDataset.normalise(0), 0f);
        assertEquals(MnistDataset.BLACK, MnistDataset.normalise(0), 0f);
        assertThrows(IllegalArgumentException.class, () -> MnistDataset.normalise(256));
    }

    @Test
    void exposesPixelsLabelsAndCounts() {
        MnistDataset data = indexed(25);
        assertEquals(25, data.size());
        assertEquals(Split.TRAIN, data.split());
        assertEquals(3, data.label(13));
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 2, 2, 2, 2, 2}, data.classCounts());
        int[] raw = data.rawImage(13);
        assertEquals(13, raw[0]);
        assertEquals(255, raw[2]);
        assertEquals(1f, data.pixels01(13)[2], 0f);
        assertEquals(MnistDataset.normalise(13), data.image(13)[0], 0f);
        assertEquals(13, decodeIndex(data.normalisedPixels(), 13 * 784));
        assertEquals(25 * 784, data.normalisedPixels().length);
        assertSame(data.normalisedPixels(), data.normalisedPixels(), "shared, not copied");
        int[] labels = data.labels();
        labels[0] = 9;
        assertEquals(0, data.label(0), "labels() is a copy");
        assertThrows(IndexOutOfBoundsException.class, () -> data.label(25));
        assertThrows(IndexOutOfBoundsException.class, () -> data.rawImage(-1));
    }

    @Test
    void limitTakesTheFirstImages() {
        MnistDataset data = indexed(300);
        MnistDataset first = data.limit(40);
        assertEquals(40, first.size());
        assertArrayEquals(java.util.Arrays.copyOf(data.labels(), 40), first.labels());
        assertArrayEquals(data.image(39), first.image(39));
        assertSame(data, data.limit(300));
        assertSame(data, data.limit(1000));
        assertEquals(0, data.limit(0).size());
        assertThrows(IllegalArgumentException.class, () -> data.limit(-1));
    }

    @Test
    void rejectsInconsistentInput() {
        assertThrows(IllegalArgumentException.class, () -> MnistDataset.of(Split.TEST, new byte[784], new int[2]));
        assertThrows(MnistDataException.class, () -> MnistDataset.of(Split.TEST, new byte[784], new int[] {10}));
    }

    @Test
    void loadsBothSplitsThroughTheLocator(@TempDir Path dir) throws IOException {
        Map<MnistFile, byte[]> tiny = TestData.tinyMnist();
        MnistLocator.Builder builder = MnistLocator.builder().env(k -> null).systemProperties(k -> null)
                .dataDir(dir).cacheDir(dir.resolve("cache")).sources();
        for (Map.Entry<MnistFile, byte[]> e : tiny.entrySet()) {
            Files.write(dir.resolve(e.getKey().fileName()), e.getValue());
            builder.expectedMd5(e.getKey(), TestData.md5(e.getValue()));
        }
        MnistData data = MnistData.load(builder.build());
        assertEquals(6, data.train().size());
        assertEquals(4, data.test().size());
        assertEquals(Split.TEST, data.test().split());
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2}, data.train().labels());
        assertArrayEquals(new int[] {7, 2, 1, 0}, data.test().labels());
        byte[] images = tiny.get(MnistFile.TRAIN_IMAGES);
        assertEquals(images[16 + 784 + 5] & 0xFF, data.train().rawImage(1)[5]);
    }

    @Test
    void mismatchedImageAndLabelCountsAreRejected(@TempDir Path dir) throws IOException {
        IdxFile images = IdxReader.readImages(Files.write(dir.resolve("i"), TestData.idxImages(3, 28, 28, 0)));
        IdxFile labels = IdxReader.readLabels(Files.write(dir.resolve("l"), TestData.idxLabels(1, 2)));
        MnistDataException e = assertThrows(MnistDataException.class, () -> MnistDataset.fromIdx(Split.TRAIN, images, labels));
        assertTrue(e.getMessage().contains("3 images but") && e.getMessage().contains("2 labels"), e.getMessage());
    }
}
