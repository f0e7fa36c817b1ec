package org.mnistlab.data;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

import org.mnistlab.augment.Augmentation;
import org.mnistlab.augment.BatchAugmenter;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

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
    private transient BatchProducer producer;
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
        return EpochPlan.order(dataset.size(), shuffle, seed, epochIndex);
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
            BatchAugmenter augmenter = augmentation == null ? null
                    : new BatchAugmenter(augmentation, seed, MnistDataset.ROWS, MnistDataset.COLS);
            EpochPlan plan = new EpochPlan(dataset, batchSize, numBatches, shuffle, seed, epoch, augmenter, parallel);
            producer = BatchProducer.start(plan, prefetch, this);
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
    java.lang.ref.Reference<?> producerOwner() {
        return producer == null ? null : producer.owner();
    }

    /** The running producer's thread, or null. */
    Thread producerThread() {
        return producer == null ? null : producer.thread();
    }

    private void stopProducer() {
        if (producer != null) {
            producer.stop();
            producer = null;
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
