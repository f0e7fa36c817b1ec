package org.mnistlab.data;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.BatchAugmenter;
import org.mnistlab.augment.Seeds;
import org.mnistlab.data.BatchSource;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches of an {@link MnistDataset} for DL4J: features {@code [b, 1, 28, 28]} float32 (NCHW, normalised), labels
 * one-hot {@code [b, 10]} float32, the last partial batch included.
 *
 * <p>Each epoch visits every image exactly once, in an order shuffled from {@code (seed, epoch)} when shuffling is on,
 * and augments image {@code i} with a generator seeded from {@code (seed, epoch, i)}, so an epoch is the same whatever
 * the thread scheduling. {@link #reset()} moves on to the next epoch. Batches are prepared ahead by a daemon thread
 * (a bounded queue of {@code prefetch} batches; augmentation of a batch runs in parallel on the common fork-join
 * pool). The thread ends with its epoch, on {@link #reset()}, on {@link #close()}, or when this iterator is
 * garbage-collected. Not thread-safe: one consumer.
 *
 * <pre>{@code
 * MnistBatches train = MnistBatches.of(data.train()).batchSize(128).shuffle(42).augment(Augmentations.standard()).build();
 * MnistBatches test = MnistBatches.inOrder(data.test(), 1000);   // for evaluation
 * }</pre>
 */
public final class MnistBatches implements DataSetIterator, BatchSource, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final List<String> LABELS = IntStream.range(0, MnistDataset.CLASSES).mapToObj(Integer::toString).toList();

    private final transient MnistDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final transient Augmentation augmentation;
    private final int prefetch;
    private final boolean parallel;
    private final int numBatches;

    private int epoch;
    private int taken;
    private transient Producer producer;
    private transient DataSetPreProcessor preProcessor;

    private MnistBatches(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.augmentation = b.augmentation;
        this.prefetch = b.prefetch;
        this.parallel = b.parallel;
        this.epoch = b.startEpoch;
        this.numBatches = (dataset.size() + batchSize - 1) / batchSize;
    }

    /** Starts a builder; defaults: batch size 128, no shuffle, no augmentation, prefetch 4, parallel augmentation. */
    public static Builder of(MnistDataset dataset) {
        return new Builder(dataset);
    }

    /** Batches in dataset order without augmentation, for evaluation. */
    public static MnistBatches inOrder(MnistDataset dataset, int batchSize) {
        return of(dataset).batchSize(batchSize).build();
    }

    public MnistDataset dataset() {
        return dataset;
    }

    /** The current epoch (0 for a new iterator unless {@link Builder#startEpoch} said otherwise). */
    public int epoch() {
        return epoch;
    }

    /** Batches per epoch, the last one possibly partial. */
    public int numBatches() {
        return numBatches;
    }

    /** Images per epoch. */
    public int totalExamples() {
        return dataset.size();
    }

    /** The image order of an epoch: a permutation of {@code 0..size-1} (identity without shuffling). */
    public int[] order(int epochIndex) {
        return order(dataset.size(), shuffle, seed, epochIndex);
    }

    @Override
    public boolean hasNext() {
        return taken < numBatches;
    }

    @Override
    public DataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is over after " + numBatches + " batches; call reset()");
        }
        if (producer == null) {
            producer = Producer.start(this);
        }
        DataSet batch = producer.take();
        taken++;
        if (taken == numBatches) {
            producer = null; // its thread has finished or is finishing on its own
        }
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Images per epoch ({@link BatchSource}). */
    @Override
    public int samples() {
        return dataset.size();
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /**
     * Positions this iterator at the start of 1-based {@code epoch} (0-based epoch {@code epoch - 1} of
     * {@link #order(int)}) and returns it: the trainer's way to ask for an epoch by number, so a resumed run sees the
     * same batches an uninterrupted one would.
     */
    @Override
    public Iterator<DataSet> epoch(int epoch) {
        if (epoch < 1) throw new IllegalArgumentException("epochs are numbered from 1, got " + epoch);
        stopProducer();
        this.epoch = epoch - 1;
        this.taken = 0;
        return this;
    }

    /** Not supported: the batch size is fixed when building. */
    @Override
    public DataSet next(int num) {
        throw new UnsupportedOperationException("the batch size is fixed at " + batchSize
                + "; build another MnistBatches with batchSize(" + num + ")");
    }

    /**
     * Starts the next epoch (new shuffle order and augmentation draws). Calling it before any batch of the current
     * epoch was taken does nothing, so defensive resets (as DL4J's {@code fit} does) never skip an epoch.
     */
    @Override
    public void reset() {
        if (taken == 0) {
            return;
        }
        stopProducer();
        epoch++;
        taken = 0;
    }

    /** Stops the background thread, if any. The iterator stays usable: the next batch restarts the current epoch. */
    @Override
    public void close() {
        stopProducer();
        taken = 0;
    }

    @Override
    public int inputColumns() {
        return MnistDataset.PIXELS;
    }

    @Override
    public int totalOutcomes() {
        return MnistDataset.CLASSES;
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** False: this iterator already prefetches, so DL4J must not wrap it in another asynchronous iterator. */
    @Override
    public boolean asyncSupported() {
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return LABELS;
    }

    @Override
    public String toString() {
        return "MnistBatches[" + dataset + ", batch " + batchSize + (shuffle ? ", shuffled, seed " + seed : ", in order")
                + (augmentation != null ? ", augmented" : "") + ", epoch " + epoch + "]";
    }

    /** The running producer's hold on this iterator (null when none runs): tests clear it as the collector would. */
    java.lang.ref.Reference<MnistBatches> producerOwner() {
        return producer == null ? null : producer.owner;
    }

    /** The running producer's thread, or null. */
    Thread producerThread() {
        return producer == null ? null : producer.thread;
    }

    private void stopProducer() {
        if (producer != null) {
            producer.stop();
            producer = null;
        }
    }

    private static int[] order(int n, boolean shuffle, long seed, int epoch) {
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

    /** Everything one epoch's batches depend on; immutable, so the producer thread needs nothing else. */
    private record EpochPlan(MnistDataset dataset, int batchSize, int numBatches, boolean shuffle, long seed, int epoch,
                             BatchAugmenter augmenter, boolean parallel) {

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
    }

    /** The background thread preparing one epoch's batches into a bounded queue. */
    private static final class Producer implements Runnable {
        private static final Object END = new Object();

        private final EpochPlan plan;
        private final BlockingQueue<Object> queue;
        // Weak, so an iterator abandoned mid-epoch can be collected and its thread then stops.
        private final WeakReference<MnistBatches> owner;
        private final Thread thread;
        private volatile boolean stopped;

        private Producer(MnistBatches owner) {
            BatchAugmenter augmenter = owner.augmentation == null ? null
                    : new BatchAugmenter(owner.augmentation, owner.seed, MnistDataset.ROWS, MnistDataset.COLS);
            this.plan = new EpochPlan(owner.dataset, owner.batchSize, owner.numBatches, owner.shuffle, owner.seed,
                    owner.epoch, augmenter, owner.parallel);
            this.queue = new ArrayBlockingQueue<>(owner.prefetch);
            this.owner = new WeakReference<>(owner);
            this.thread = new Thread(this, "mnist-batches-epoch-" + owner.epoch);
            this.thread.setDaemon(true);
        }

        static Producer start(MnistBatches owner) {
            Producer producer = new Producer(owner);
            producer.thread.start();
            return producer;
        }

        @Override
        public void run() {
            try {
                int[] order = order(plan.dataset().size(), plan.shuffle(), plan.seed(), plan.epoch());
                for (int b = 0; b < plan.numBatches(); b++) {
                    if (!put(plan.batch(order, b))) {
                        return;
                    }
                }
                put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                try {
                    put(t);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Waits for room; gives up (false) when stopped or when the iterator is gone. */
        private boolean put(Object item) throws InterruptedException {
            while (!queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                if (stopped || owner.get() == null) {
                    return false;
                }
            }
            return !stopped;
        }

        DataSet take() {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MnistDataException("interrupted while waiting for the next MNIST batch", e);
            }
            if (item instanceof DataSet batch) {
                return batch;
            }
            if (item instanceof Throwable t) {
                throw new MnistDataException("preparing MNIST batches failed: " + t, t);
            }
            throw new IllegalStateException("no batch left in this epoch");
        }

        void stop() {
            stopped = true;
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builder for {@link MnistBatches}. */
    public static final class Builder {
        private final MnistDataset dataset;
        private int batchSize = 128;
        private boolean shuffle;
        private long seed;
        private Augmentation augmentation;
        private int prefetch = 4;
        private boolean parallel = true;
        private int startEpoch;

        private Builder(MnistDataset dataset) {
            if (dataset == null || dataset.size() == 0) {
                throw new IllegalArgumentException("need a dataset with at least one image, got " + dataset);
            }
            this.dataset = dataset;
        }

        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** Shuffles every epoch differently, reproducibly from {@code seed} (also seeds the augmentation). */
        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        /** Seed for the augmentation (and the shuffle, if on) without switching shuffling on. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Augments every image, freshly each epoch; {@code null} for none. */
        public Builder augment(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** How many batches the background thread may prepare ahead (default 4). */
        public Builder prefetch(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException("prefetch must be >= 1, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        /** Augment the images of a batch in parallel (default true); results are the same either way. */
        public Builder parallel(boolean parallel) {
            this.parallel = parallel;
            return this;
        }

        /** The epoch to start at, e.g. when resuming a run (default 0). */
        public Builder startEpoch(int epoch) {
            if (epoch < 0) {
                throw new IllegalArgumentException("start epoch must be >= 0, got " + epoch);
            }
            this.startEpoch = epoch;
            return this;
        }

        public MnistBatches build() {
            return new MnistBatches(this);
        }
    }
}
