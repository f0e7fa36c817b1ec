package org.mnistlab.data;

/**
 * The four MNIST files with their canonical checksums. The MD5 of the raw (decompressed) content is the authority;
 * the {@code .gz} MD5 is that of the torchvision mirrors' files and only used for information.
 */
public enum MnistFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", "6bbc9ace898e44ae57da46a324031adb", "f68b3c2dcbeaaa9fbdd348bbdeb94873",
            IdxFile.IMAGES_MAGIC, 60_000),
    TRAIN_LABELS("train-labels-idx1-ubyte", "a25bea736e30d166cdddb491f175f624", "d53e105ee54ea40749a09fcbcd1e9432",
            IdxFile.LABELS_MAGIC, 60_000),
    TEST_IMAGES("t10k-images-idx3-ubyte", "2646ac647ad5339dbf082846283269ea", "9fb629c4189551a2d022fa330f9573f3",
            IdxFile.IMAGES_MAGIC, 10_000),
    TEST_LABELS("t10k-labels-idx1-ubyte", "27ae3e4e09519cfbb04c329615203637", "ec29112dd5afa0611ce80d1b7f02629c",
            IdxFile.LABELS_MAGIC, 10_000);

    private final String fileName;
    private final String rawMd5;
    private final String gzMd5;
    private final int magic;
    private final int count;

    MnistFile(String fileName, String rawMd5, String gzMd5, int magic, int count) {
        this.fileName = fileName;
        this.rawMd5 = rawMd5;
        this.gzMd5 = gzMd5;
        this.magic = magic;
        this.count = count;
    }

    /** The canonical uncompressed file name, e.g. {@code train-images-idx3-ubyte}. */
    public String fileName() {
        return fileName;
    }

    /** The compressed file name, e.g. {@code train-images-idx3-ubyte.gz}. */
    public String gzFileName() {
        return fileName + ".gz";
    }

    /** MD5 of the uncompressed content (lower-case hex): the check every located file must pass. */
    public String rawMd5() {
        return rawMd5;
    }

    /** MD5 of the torchvision mirrors' {@code .gz} file (lower-case hex). */
    public String gzMd5() {
        return gzMd5;
    }

    public int magic() {
        return magic;
    }

    /** Number of images or labels in the canonical file. */
    public int count() {
        return count;
    }

    public boolean isImages() {
        return magic == IdxFile.IMAGES_MAGIC;
    }
}
