package org.mnistlab.model.fast;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Runs a loop over a batch in fixed chunks on a few threads. The chunks, not the threads, decide what is summed with
 * what, so results do not depend on the thread count (see {@link VectorConv2d}).
 */
final class Parallel {

    /** One chunk of the batch: samples {@code from} (inclusive) to {@code to} (exclusive). */
    interface ChunkTask {
        void run(int from, int to);
    }

    /** Runs every chunk on the calling thread. */
    static final Parallel SERIAL = new Parallel(1);

    private final ForkJoinPool pool;

    /** {@code threads} workers; 1 runs everything on the calling thread. */
    Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        this.pool = threads == 1 ? null : new ForkJoinPool(threads, p -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setDaemon(true);
            t.setName("mnistlab-fast");
            return t;
        }, null, false);
    }

    void forEachChunk(int total, int chunk, ChunkTask task) {
        int chunks = (total + chunk - 1) / chunk;
        if (pool == null || chunks == 1) {
            for (int i = 0; i < chunks; i++) task.run(i * chunk, Math.min(total, (i + 1) * chunk));
            return;
        }
        pool.submit(() -> IntStream.range(0, chunks).parallel()
                .forEach(i -> task.run(i * chunk, Math.min(total, (i + 1) * chunk)))).join();
    }
}
