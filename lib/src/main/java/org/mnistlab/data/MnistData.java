package org.mnistlab.data;

/**
 * Both MNIST splits.
 *
 * <pre>{@code MnistData data = MnistData.load();  data.train().size();  // 60000}</pre>
 *
 * @param train the 60,000 training images
 * @param test  the 10,000 test images
 */
public record MnistData(MnistDataset train, MnistDataset test) {

    public MnistData {
        if (train == null || test == null) {
            throw new IllegalArgumentException("train and test must not be null");
        }
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
}
