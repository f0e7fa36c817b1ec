package org.mnistlab.data;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.mnistlab.augment.Augmentation;

/**
 * One MNIST split in memory: raw pixels (0..255), labels (0..9) and the normalised images
 * {@code (x/255 - 0.1307) / 0.3081} as one float array. Immutable.
 *
 * <pre>{@code MnistDataset train = MnistDataset.train(MnistLocator.defaults());  train.label(0);  // 5}</pre>
 */
public final class MnistDataset {
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int PIXELS = ROWS * COLS;
    public static final int CLASSES = 10;
    /** Mean and standard deviation of the training pixels scaled to [0, 1] (the usual MNIST constants). */
    public static final float MEAN = 0.1307f;
    public static final float STD = 0.3081f;
    /** Normalised value of a black pixel, the background fill for augmentation. */
    public static final float BLACK = Augmentation.MNIST_BLACK;

    private static final float[] NORMALISED = normalisationTable();

    private final Split split;
    private final byte[] pixels;
    private final int[] labels;
    private final float[] normalised;

    private MnistDataset(Split split, byte[] pixels, int[] labels) {
        this.split = split;
        this.pixels = pixels;
        this.labels = labels;
        this.normalised = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            normalised[i] = NORMALISED[pixels[i] & 0xFF];
        }
    }

    /** Loads the 60,000 training images. */
    public static MnistDataset train(MnistLocator locator) {
        return load(Split.TRAIN, locator);
    }

    /** Loads the 10,000 test images. */
    public static MnistDataset test(MnistLocator locator) {
        return load(Split.TEST, locator);
    }

    /** Locates (and if needed downloads) and loads one split. */
    public static MnistDataset load(Split split, MnistLocator locator) {
        return fromFiles(split, locator.locate(java.util.EnumSet.of(split.imagesFile(), split.labelsFile())));
    }

    /** Reads a split from already located files. */
    static MnistDataset fromFiles(Split split, Map<MnistFile, java.nio.file.Path> files) {
        return fromIdx(split, IdxReader.readImages(files.get(split.imagesFile())),
                IdxReader.readLabels(files.get(split.labelsFile())));
    }

    /** Builds a dataset from parsed IDX files (28x28 images and labels 0..9 of the same count). */
    public static MnistDataset fromIdx(Split split, IdxFile images, IdxFile labels) {
        int[] dims = images.dims();
        if (images.magic() != IdxFile.IMAGES_MAGIC || dims.length != 3 || dims[1] != ROWS || dims[2] != COLS) {
            throw new MnistDataException(images.source() + " does not hold 28x28 images: " + images);
        }
        if (labels.magic() != IdxFile.LABELS_MAGIC) {
            throw new MnistDataException(labels.source() + " does not hold labels: " + labels);
        }
        if (images.count() != labels.count()) {
            throw new MnistDataException(images.source() + " has " + images.count() + " images but "
                    + labels.source() + " has " + labels.count() + " labels");
        }
        byte[] pixels = new byte[images.length()];
        images.copyPayload(0, pixels, 0, pixels.length);
        int[] labelValues = new int[labels.count()];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = labels.unsignedByte(i);
        }
        return new MnistDataset(split, pixels, checkLabels(labelValues, labels.source()));
    }

    /**
     * A dataset from raw pixels ({@code n * 784} bytes, read as 0..255) and labels; copies both. For small synthetic
     * sets in tests and demonstrations.
     */
    public static MnistDataset of(Split split, byte[] rawPixels, int[] labels) {
        Objects.requireNonNull(split, "split");
        if (rawPixels.length != labels.length * PIXELS) {
            throw new IllegalArgumentException(rawPixels.length + " pixel bytes do not make " + labels.length
                    + " images of " + PIXELS + " pixels");
        }
        return new MnistDataset(split, rawPixels.clone(), checkLabels(labels.clone(), "labels"));
    }

    /** The normalised value of a raw pixel 0..255. */
    public static float normalise(int raw) {
        if (raw < 0 || raw > 255) {
            throw new IllegalArgumentException("raw pixel must be 0..255, got " + raw);
        }
        return NORMALISED[raw];
    }

    public Split split() {
        return split;
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        checkIndex(i);
        return labels[i];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** How many images of each digit 0..9. */
    public int[] classCounts() {
        int[] counts = new int[CLASSES];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Raw pixels 0..255 of image {@code i}, row-major (a copy; for plotting). */
    public int[] rawImage(int i) {
        checkIndex(i);
        int[] image = new int[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            image[p] = pixels[i * PIXELS + p] & 0xFF;
        }
        return image;
    }

    /** Pixels of image {@code i} scaled to [0, 1] (a copy; for plotting). */
    public float[] pixels01(int i) {
        checkIndex(i);
        float[] image = new float[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            image[p] = (pixels[i * PIXELS + p] & 0xFF) / 255f;
        }
        return image;
    }

    /** Normalised pixels of image {@code i} (a copy). */
    public float[] image(int i) {
        checkIndex(i);
        return Arrays.copyOfRange(normalised, i * PIXELS, (i + 1) * PIXELS);
    }

    /**
     * All normalised images back to back ({@code size() * 784} floats, image {@code i} at {@code i * 784}).
     * <b>Shared, not copied</b> (60,000 images are 188 MB): treat it as read-only; writing to it changes this dataset
     * for every user.
     */
    public float[] normalisedPixels() {
        return normalised;
    }

    /** The first {@code n} images in file order (all when {@code n >= size()}): quick experiments on a subset. */
    public MnistDataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        return new MnistDataset(split, Arrays.copyOf(pixels, n * PIXELS), Arrays.copyOf(labels, n));
    }

    /** The images at {@code indices} (ascending), in that order. */
    MnistDataset select(int[] indices) {
        byte[] p = new byte[indices.length * PIXELS];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            checkIndex(indices[i]);
            System.arraycopy(pixels, indices[i] * PIXELS, p, i * PIXELS, PIXELS);
            l[i] = labels[indices[i]];
        }
        return new MnistDataset(split, p, l);
    }

    /** Every image but those at {@code indices} (ascending), in file order. */
    MnistDataset without(int[] indices) {
        int[] kept = new int[size() - indices.length];
        int k = 0, next = 0;
        for (int i = 1; i < indices.length; i++) {
            if (indices[i] <= indices[i - 1]) throw new IllegalArgumentException("indices must be ascending");
        }
        for (int i = 0; i < size(); i++) {
            if (next < indices.length && indices[next] == i) {
                next++;
            } else {
                kept[k++] = i;
            }
        }
        if (next != indices.length) throw new IllegalArgumentException("indices must be ascending and in range");
        return select(kept);
    }

    @Override
    public String toString() {
        return "MnistDataset[" + split + ", " + size() + " images]";
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException("image " + i + " outside 0.." + (labels.length - 1));
        }
    }

    private static int[] checkLabels(int[] labels, String source) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= CLASSES) {
                throw new MnistDataException(source + ": label " + i + " is " + labels[i] + ", expected 0..9");
            }
        }
        return labels;
    }

    private static float[] normalisationTable() {
        float[] table = new float[256];
        for (int v = 0; v < 256; v++) {
            table[v] = (v / 255f - MEAN) / STD; // float32 arithmetic, as torchvision's ToTensor + Normalize
        }
        return table;
    }
}
