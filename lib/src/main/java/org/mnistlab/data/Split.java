package org.mnistlab.data;

/** Which half of MNIST: the 60,000 training images or the 10,000 test images. */
public enum Split {
    TRAIN(MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS),
    TEST(MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);

    private final MnistFile images;
    private final MnistFile labels;

    Split(MnistFile images, MnistFile labels) {
        this.images = images;
        this.labels = labels;
    }

    public MnistFile imagesFile() {
        return images;
    }

    public MnistFile labelsFile() {
        return labels;
    }
}
