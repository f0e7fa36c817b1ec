package org.mnistlab.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.Augmentations;
import org.mnistlab.augment.BatchAugmenter;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints how long the data pipeline takes on this machine: locating and verifying the files, reading and normalising
 * the 60,000 training images, preparing an epoch of batches, and augmenting an epoch (one thread and parallel).
 *
 * <pre>{@code java -cp ... org.mnistlab.data.DataBenchmark [batchSize]}</pre>
 */
public final class DataBenchmark {
    private static final long SEED = 42;

    private DataBenchmark() {
    }

    public static void main(String[] args) {
        int batchSize = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        System.out.printf(Locale.ROOT, "MNIST data benchmark: %d cores, Java %s, batch size %d%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), batchSize);

        long start = System.nanoTime();
        Map<MnistFile, Path> files = MnistLocator.defaults().locateAll();
        report("locate + MD5-verify the 4 files", start, 0);

        start = System.nanoTime();
        MnistDataset train = MnistDataset.fromFiles(Split.TRAIN, files);
        report("read + normalise 60,000 training images", start, train.size());

        start = System.nanoTime();
        Nd4j.create(1); // loads the native backend once, so the batch timings below do not include it
        report("ND4J initialisation", start, 0);

        for (int epoch = 0; epoch < 2; epoch++) {
            try (MnistBatches batches = MnistBatches.of(train).batchSize(batchSize).shuffle(SEED).startEpoch(epoch).build()) {
                start = System.nanoTime();
                drain(batches);
                report("epoch " + epoch + " of shuffled batches, no augmentation", start, train.size());
            }
        }

        augmentEpoch("standard", Augmentations.standard(), train);
        augmentEpoch("strong", Augmentations.strong(), train);

        for (int epoch = 0; epoch < 2; epoch++) {
            try (MnistBatches batches = MnistBatches.of(train).batchSize(batchSize).shuffle(SEED)
                    .augment(Augmentations.standard()).startEpoch(epoch).build()) {
                start = System.nanoTime();
                drain(batches);
                report("epoch " + epoch + " of shuffled batches, standard augmentation", start, train.size());
            }
        }
    }

    private static void augmentEpoch(String name, Augmentation augmentation, MnistDataset train) {
        BatchAugmenter augmenter = new BatchAugmenter(augmentation, SEED, MnistDataset.ROWS, MnistDataset.COLS);
        for (int epoch = 0; epoch < 2; epoch++) {
            long start = System.nanoTime();
            augmenter.augmentAll(train.normalisedPixels(), epoch, false);
            report("augment one epoch, " + name + ", 1 thread (run " + (epoch + 1) + ")", start, train.size());
            start = System.nanoTime();
            augmenter.augmentAll(train.normalisedPixels(), epoch, true);
            report("augment one epoch, " + name + ", parallel (run " + (epoch + 1) + ")", start, train.size());
        }
    }

    private static void drain(MnistBatches batches) {
        long examples = 0;
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            examples += batch.numExamples();
        }
        if (examples != batches.totalExamples()) {
            throw new IllegalStateException("epoch gave " + examples + " examples, expected " + batches.totalExamples());
        }
    }

    private static void report(String what, long startNanos, int images) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "%-62s %7.3f s%s%n", what, seconds,
                images > 0 ? String.format(Locale.ROOT, "  (%,.0f images/s)", images / seconds) : "");
    }
}
