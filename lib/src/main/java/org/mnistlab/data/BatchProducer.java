package org.mnistlab.data;

import org.nd4j.linalg.dataset.DataSet;

import java.lang.ref.WeakReference;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The background thread preparing one epoch's batches into a bounded queue, for {@link MnistBatches}. It ends with its
 * epoch, when stopped, or when the iterator it serves is garbage-collected.
 */
final class BatchProducer implements Runnable {

    private static final Object END = new Object();

    private final EpochPlan plan;
    private final BlockingQueue<Object> queue;
    // Weak, so an iterator abandoned mid-epoch can be collected and its thread then stops.
    private final WeakReference<Object> owner;
    private final Thread thread;
    private volatile boolean stopped;

    private BatchProducer(EpochPlan plan, int prefetch, Object owner) {
        this.plan = plan;
        this.queue = new ArrayBlockingQueue<>(prefetch);
        this.owner = new WeakReference<>(owner);
        this.thread = new Thread(this, "mnist-batches-epoch-" + plan.epoch());
        this.thread.setDaemon(true);
    }

    /**
     * Starts preparing {@code plan}'s batches, at most {@code prefetch} ahead, for as long as {@code owner} (the
     * iterator that takes them) is reachable.
     */
    static BatchProducer start(EpochPlan plan, int prefetch, Object owner) {
        BatchProducer producer = new BatchProducer(plan, prefetch, owner);
        producer.thread.start();
        return producer;
    }

    /** Its hold on the iterator it serves. */
    WeakReference<Object> owner() {
        return owner;
    }

    Thread thread() {
        return thread;
    }

    @Override
    public void run() {
        try {
            int[] order = EpochPlan.order(plan.dataset().size(), plan.shuffle(), plan.seed(), plan.epoch());
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
