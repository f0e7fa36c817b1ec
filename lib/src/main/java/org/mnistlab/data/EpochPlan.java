package org.mnistlab.data;

import org.mnistlab.augment.BatchAugmenter;
import org.mnistlab.augment.Seeds;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Everything one epoch's batches depend on; immutable, so the producer thread needs nothing else. */
record EpochPlan(MnistDataset dataset, int batchSize, int numBatches, boolean shuffle, long seed, int epoch,
                 BatchAugmenter augmenter, boolean parallel) {

    /** Batch {@code index} of the epoch whose image order is {@code order}, augmented when the plan says so. */

    DataSet batch(int[] order, int index) {
        int from = index * batchSize;
        int count = Math.min(batchSize, dataset.size() - from);
        float[] images = dataset.normalisedPixels();
        float[] features = new float[count * MnistDataset.PIXELS];
        if (augmenter == null) {
            for (int k = 0; k < count; k++) {
                System.arraycopy(images, order[from + k] * MnistDataset.PIXELS, features, k * MnistDataset.PIXELS,
                        MnistDataset.PIXELS);
            }
        } else {
            augmenter.augment(images, order, from, count, epoch, features, parallel);
        }
        float[] labels = new float[count * MnistDataset.CLASSES];
        for (int k = 0; k < count; k++) {
            labels[k * MnistDataset.CLASSES + dataset.label(order[from + k])] = 1f;
        }
        // create(createBuffer(...)) is the fastest way from a float[] to a FLOAT array here (about 3x create(float[], shape)).
        return new DataSet(
                Nd4j.create(Nd4j.createBuffer(features), count, 1, MnistDataset.ROWS, MnistDataset.COLS),
                Nd4j.create(Nd4j.createBuffer(labels), count, MnistDataset.CLASSES));
    }

    /** The image order of 0-based {@code epoch}: a permutation of {@code 0..n-1}, shuffled from the seed when asked. */
    static int[] order(int n, boolean shuffle, long seed, int epoch) {
        int[] order = IntStream.range(0, n).toArray();
        if (shuffle) {
            SplittableRandom random = new SplittableRandom(Seeds.forShuffle(seed, epoch));
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }
}
