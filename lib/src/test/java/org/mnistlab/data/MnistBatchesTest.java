package org.mnistlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;
import org.mnistlab.augment.Augmentations;
import org.mnistlab.augment.BatchAugmenter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class MnistBatchesTest {
    private static final MnistDataset DATA = MnistDatasetTest.indexed(1000);

    /** The dataset indices of the images in one batch, decoded from the features. */
    private static int[] indices(DataSet batch) {
        float[] features = batch.getFeatures().data().asFloat();
        int n = (int) batch.getFeatures().size(0);
        int[] indices = new int[n];
        for (int k = 0; k < n; k++) {
            indices[k] = MnistDatasetTest.decodeIndex(features, k * 784);
        }
        return indices;
    }

    private static List<DataSet> epoch(MnistBatches batches) {
        List<DataSet> all = new ArrayList<>();
        while (batches.hasNext()) {
            all.add(batches.next());
        }
        return all;
    }

    @Test
    void batchesHaveNchwFeaturesAndOneHotLabels() {
        try (MnistBatches batches = MnistBatches.of(DATA).batchSize(128).shuffle(1).build()) {
            List<DataSet> all = epoch(batches);
            assertEquals(8, all.size());
            assertEquals(8, batches.numBatches());
            for (int b = 0; b < all.size(); b++) {
                DataSet batch = all.get(b);
                long n = b < 7 ? 128 : 1000 - 7 * 128; // last partial batch included
                assertArrayEquals(new long[] {n, 1, 28, 28}, batch.getFeatures().shape());
                assertArrayEquals(new long[] {n, 10}, batch.getLabels().shape());
                assertEquals(DataType.FLOAT, batch.getFeatures().dataType());
                assertEquals(DataType.FLOAT, batch.getLabels().dataType());
                INDArray labels = batch.getLabels();
                int[] idx = indices(batch);
                for (int k = 0; k < n; k++) {
                    assertEquals(1.0, labels.getRow(k).sumNumber().doubleValue(), 0);
                    assertEquals(1.0f, labels.getFloat(k, idx[k] % 10), "label one-hot at the image's class");
                }
                // Features are the normalised pixels of those images, in NCHW order.
                assertArrayEquals(DATA.image(idx[0]), Arrays.copyOf(batch.getFeatures().data().asFloat(), 784));
            }
            assertThrows(NoSuchElementException.class, batches::next);
        }
    }

    @Test
    void everyImageExactlyOncePerEpochAndShuffledDifferentlyEachEpoch() {
        try (MnistBatches batches = MnistBatches.of(DATA).batchSize(100).shuffle(7).build()) {
            int[] previousOrder = null;
            for (int e = 0; e < 3; e++) {
                assertEquals(e, batches.epoch());
                int[] order = epoch(batches).stream().flatMapToInt(b -> Arrays.stream(indices(b))).toArray();
                assertArrayEquals(batches.order(e), order);
                int[] sorted = order.clone();
                Arrays.sort(sorted);
                for (int i = 0; i < 1000; i++) {
                    assertEquals(i, sorted[i], "each image exactly once");
                }
                assertFalse(Arrays.equals(order, sorted), "shuffled");
                if (previousOrder != null) {
                    assertFalse(Arrays.equals(previousOrder, order), "a new order each epoch");
                }
                previousOrder = order;
                batches.reset();
            }
        }
    }

    @Test
    void sameSeedGivesTheSameBatchesAndResetMovesToTheNextEpoch() {
        try (MnistBatches a = MnistBatches.of(DATA).batchSize(64).shuffle(3).augment(Augmentations.strong()).build();
             MnistBatches b = MnistBatches.of(DATA).batchSize(64).shuffle(3).augment(Augmentations.strong())
                     .parallel(false).build();
             MnistBatches otherSeed = MnistBatches.of(DATA).batchSize(64).shuffle(4).augment(Augmentations.strong()).build()) {
            b.reset(); // no batch taken yet: does nothing
            assertEquals(0, b.epoch());
            DataSet first = a.next();
            DataSet firstOfB = b.next();
            assertArrayEquals(first.getFeatures().data().asFloat(), firstOfB.getFeatures().data().asFloat(),
                    "same seed, same first batch (parallel or not)");
            assertArrayEquals(first.getLabels().data().asFloat(), firstOfB.getLabels().data().asFloat());
            assertNotEquals(first.getFeatures(), otherSeed.next().getFeatures());
            a.reset();
            assertEquals(1, a.epoch());
            assertNotEquals(first.getFeatures(), a.next().getFeatures(), "the next epoch differs");
        }
    }

    @Test
    void augmentationMatchesTheBatchAugmenterForTheSampleAndEpoch() {
        try (MnistBatches batches = MnistBatches.of(DATA).batchSize(50).shuffle(11).augment(Augmentations.standard())
                .startEpoch(5).build()) {
            DataSet batch = batches.next();
            int[] order = batches.order(5);
            float[] expected = new float[50 * 784];
            new BatchAugmenter(Augmentations.standard(), 11, 28, 28)
                    .augment(DATA.normalisedPixels(), order, 0, 50, 5, expected, false);
            assertArrayEquals(expected, batch.getFeatures().data().asFloat());
        }
    }

    @Test
    void inOrderBatchesAreTheDatasetUnchanged() {
        MnistBatches batches = MnistBatches.inOrder(DATA.limit(130), 50);
        List<DataSet> all = epoch(batches);
        assertEquals(List.of(50L, 50L, 30L), all.stream().map(d -> d.getFeatures().size(0)).toList());
        float[] features = all.get(2).getFeatures().data().asFloat();
        assertArrayEquals(DATA.image(100), Arrays.copyOf(features, 784));
        assertEquals(130, batches.totalExamples());
        batches.reset();
        assertArrayEquals(all.get(0).getFeatures().data().asFloat(), batches.next().getFeatures().data().asFloat(),
                "no shuffle: every epoch the same");
        batches.close();
    }

    @Test
    void describesItselfToDl4j() {
        MnistBatches batches = MnistBatches.of(DATA).batchSize(32).build();
        assertEquals(784, batches.inputColumns());
        assertEquals(10, batches.totalOutcomes());
        assertEquals(32, batches.batch());
        assertTrue(batches.resetSupported());
        assertFalse(batches.asyncSupported());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), batches.getLabels());
        assertThrows(UnsupportedOperationException.class, () -> batches.next(10));
        batches.setPreProcessor(ds -> ds.getFeatures().muli(0));
        assertEquals(0.0, batches.next().getFeatures().sumNumber().doubleValue(), 0);
        batches.close();
        assertThrows(IllegalArgumentException.class, () -> MnistBatches.of(DATA).batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> MnistBatches.of(DATA).prefetch(0));
        assertThrows(IllegalArgumentException.class, () -> MnistBatches.of(DATA.limit(0)));
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // a guard against a producer that never ends, not a measure
    void noThreadsLeftBehindAcrossEpochsOrAfterAbandoningOne() throws InterruptedException {
        try (MnistBatches batches = MnistBatches.of(DATA).batchSize(10).shuffle(1).prefetch(2).build()) {
            for (int e = 0; e < 5; e++) {
                batches.next(); // abandon each epoch after one batch: the producer is blocked on a full queue
                batches.reset();
            }
            epoch(batches);
        }
        // Producers stop by themselves after their epoch: each one ends, however slowly it is scheduled.
        for (Thread producer : producers()) producer.join();
        assertEquals(0, liveProducers());
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void anAbandonedIteratorStopsItsThreadOnceCollected() throws InterruptedException {
        MnistBatches batches = MnistBatches.of(DATA).batchSize(10).prefetch(1).build();
        batches.next(); // the producer now waits for room in its queue
        Thread producer = batches.producerThread();
        assertTrue(producer.isAlive());
        assertTrue(batches.producerOwner() instanceof java.lang.ref.WeakReference<?>,
                "the producer must hold its iterator weakly, or an abandoned iterator is never collected");
        batches.producerOwner().clear(); // what the collector does to an iterator abandoned without close()
        producer.join(); // it notices within one wait for room in its queue, and ends
        assertFalse(producer.isAlive());
    }

    private static List<Thread> producers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("mnist-batches-"))
                .toList();
    }

    private static long liveProducers() {
        return producers().stream().filter(Thread::isAlive).count();
    }
}
