package org.mnistlab.data;

/**
 * MNIST's splits: the training images, the test images and, once held out, the validation images.
 *
 * <pre>{@code
 * MnistData data = MnistData.load();            // data.train().size(): 60000, no validation
 * MnistData split = data.holdOutValidation();   // split.train(): 50000, split.validation(): 10000
 * }</pre>
 *
 * @param train      the images to train on: all 60,000, or the 50,000 left after {@link #holdOutValidation()}
 * @param validation the 10,000 held-out validation images ({@link ValidationSplit}), or null when none are held out
 * @param test       the 10,000 test images
 */
public record MnistData(MnistDataset train, MnistDataset validation, MnistDataset test) {

    public MnistData {
        if (train == null || test == null) {
            throw new IllegalArgumentException("train and test must not be null");
        }
    }

    /** Training and test images, no validation images. */
    public MnistData(MnistDataset train, MnistDataset test) {
        this(train, null, test);
    }

    /** Loads both splits with the default locator (MNIST_DIR, then ~/.mnist-lab/mnist, then download). */
    public static MnistData load() {
        return load(MnistLocator.defaults());
    }

    /** Loads both splits, locating all four files in one go (one download when needed). */
    public static MnistData load(MnistLocator locator) {
        var files = locator.locateAll();
        return new MnistData(MnistDataset.fromFiles(Split.TRAIN, files), MnistDataset.fromFiles(Split.TEST, files));
    }

    /** Whether validation images are held out. */
    public boolean hasValidation() {
        return validation != null;
    }

    /**
     * The same data with {@link ValidationSplit}'s fixed 10,000 images moved from training to validation.
     *
     * @throws IllegalStateException when they are held out already
     */
    public MnistData holdOutValidation() {
        if (hasValidation()) throw new IllegalStateException("the validation images are held out already");
        int[] held = ValidationSplit.heldOut(train);
        return new MnistData(train.without(held), train.select(held), test);
    }
}
