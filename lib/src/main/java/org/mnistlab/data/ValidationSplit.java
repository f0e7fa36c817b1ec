package org.mnistlab.data;

import java.util.Arrays;

/**
 * The validation images: a fixed 10,000 of MNIST's 60,000 training images, held out so that every choice (a recipe,
 * a checkpoint, a hyper-parameter) is made on images the network never trained on, and the test set only judges.
 *
 * <p>The rule, the same for every run and every machine: stratified by digit and spread evenly through the file.
 * Digit {@code d} has {@code n_d} training images; it gives {@code q_d} of them, {@code n_d * 10,000 / 60,000} rounded
 * so that the {@code q_d} add up to 10,000 (largest remainders first, ties to the smaller digit). Of digit {@code d}'s
 * images in file order, the {@code k}-th (from 0) is held out when {@code floor((k + 1) q_d / n_d) > floor(k q_d /
 * n_d)}: every sixth image or so, never a block. The held-out images are never augmented (they are evaluated, not
 * trained on).
 *
 * <p>Example: {@code MnistData split = MnistData.load().holdOutValidation(); split.train().size(); // 50000}
 */
public final class ValidationSplit {

    /** Images held out of the training set. */
    public static final int SIZE = 10_000;

    private ValidationSplit() {
    }

    /** How many of {@code trainingImages} are held out: {@link #SIZE} of 60,000, the same share of fewer. */
    public static int count(int trainingImages) {
        return (int) ((long) trainingImages * SIZE / 60_000);
    }

    /**
     * The indices (ascending) of the images of {@code train} held out for validation: {@link #SIZE} of them, or, for a
     * smaller training set, the same share (one in six).
     */
    public static int[] heldOut(MnistDataset train) {
        int[] labels = train.labels();
        int total = labels.length;
        int wanted = count(total);
        int[] counts = train.classCounts();
        int[] quota = quotas(counts, wanted, total);
        int[] seen = new int[MnistDataset.CLASSES];
        int[] held = new int[wanted];
        int h = 0;
        for (int i = 0; i < total; i++) {
            int d = labels[i];
            long k = seen[d]++;
            if ((k + 1) * quota[d] / counts[d] > k * quota[d] / counts[d]) held[h++] = i;
        }
        if (h != wanted) throw new IllegalStateException("held out " + h + " images, not " + wanted);
        return held;
    }

    /** Per digit, its share of {@code wanted}, by largest remainder. */
    static int[] quotas(int[] counts, int wanted, int total) {
        int[] quota = new int[counts.length];
        long[] remainder = new long[counts.length];
        int given = 0;
        for (int d = 0; d < counts.length; d++) {
            long exact = (long) counts[d] * wanted;
            quota[d] = (int) (exact / total);
            remainder[d] = exact % total;
            given += quota[d];
        }
        Integer[] order = new Integer[counts.length];
        for (int d = 0; d < order.length; d++) order[d] = d;
        Arrays.sort(order, (a, b) -> remainder[a] != remainder[b] ? Long.compare(remainder[b], remainder[a]) : a - b);
        for (int i = 0; given < wanted; i++, given++) quota[order[i]]++;
        return quota;
    }
}
