package org.mnistlab.model.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a loop over a batch in fixed chunks on a few threads: the calling thread and {@code threads - 1} workers. The
 * chunks, not the threads, decide what is summed with what, so results do not depend on the thread count (see
 * {@link VectorConv2d}).
 *
 * <p>Why not a ForkJoinPool: a training step makes about 40 parallel calls of 0.05-2 ms each, and waking a parked
 * pool thread cost 0.2-0.3 ms per call on the 2-core test machine (measured: a 2x2 max-pool of 12x8x8 maps took 0.34
 * ms, nearly all of it hand-off). Here the workers spin briefly after each call, so the next call, usually a few
 * microseconds later, finds them awake; after {@value #SPIN_NANOS} ns without work they park and cost nothing.
 *
 * <p>Every network shares one pool ({@link #shared()}), so creating networks starts no threads; its workers are daemon
 * threads that live as long as the JVM. Calls from several threads take turns. A pool keeps no reference to a task
 * once the call has returned, so a network it served can be collected.
 */
final class WorkerPool {

    /** One chunk of the batch: samples {@code from} (inclusive) to {@code to} (exclusive). */
    interface ChunkTask {
        void run(int from, int to);
    }

    /** Runs every chunk on the calling thread. */
    static final WorkerPool SERIAL = new WorkerPool(1);

    /** Name of the worker threads, followed by their number. */
    static final String THREAD_NAME = "mnistlab-engine-";

    /** How long an idle worker waits, spinning, for the next call before it parks. */
    static final long SPIN_NANOS = 200_000;

    private final Shared shared;
    private final Worker[] workers;

    /** {@code threads} threads in all (the caller included); 1 runs everything on the calling thread. */
    WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        shared = new Shared();
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(shared);
            Thread t = new Thread(workers[i], THREAD_NAME + (i + 1));
            t.setDaemon(true);
            workers[i].thread = t;
            t.start();
        }
    }

    /** The pool every network uses: {@link JavaEngine#threads()} threads, started at the first call. */
    static WorkerPool shared() {
        return SharedPool.POOL;
    }

    /** Whether the pool references a call's task: only while that call runs. */
    boolean holdsATask() {
        return shared.job != null;
    }

    /** Runs {@code task} over {@code [0, total)} in chunks of {@code chunk}; returns when every chunk is done. */
    synchronized void forEachChunk(int total, int chunk, ChunkTask task) {
        int chunks = (total + chunk - 1) / chunk;
        if (workers.length == 0 || chunks <= 1) {
            for (int i = 0; i < chunks; i++) task.run(i * chunk, Math.min(total, (i + 1) * chunk));
            return;
        }
        Job j = new Job(task, total, chunk, chunks);
        shared.job = j;
        shared.generation++; // only this (synchronized) method writes it; after the job, so the job is seen with it
        for (Worker w : workers) {
            if (w.parked) LockSupport.unpark(w.thread);
        }
        j.runChunks();
        while (j.done.get() < chunks) Thread.onSpinWait();
        shared.job = null; // the pool keeps nothing of a finished call
        if (j.error != null) {
            if (j.error instanceof RuntimeException e) throw e;
            if (j.error instanceof Error e) throw e;
            throw new IllegalStateException(j.error);
        }
    }

    /** One call's work: chunks are taken in order by whichever thread is free. */
    private static final class Job {
        final ChunkTask task;
        final int total;
        final int chunk;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;

        Job(ChunkTask task, int total, int chunk, int chunks) {
            this.task = task;
            this.total = total;
            this.chunk = chunk;
            this.chunks = chunks;
        }

        void runChunks() {
            int i;
            while ((i = next.getAndIncrement()) < chunks) {
                try {
                    task.run(i * chunk, Math.min(total, (i + 1) * chunk));
                } catch (Throwable t) {
                    error = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** Holds the shared pool, created when first asked for (class initialisation is lazy and thread-safe). */
    private static final class SharedPool {
        static final WorkerPool POOL = new WorkerPool(JavaEngine.threads());
    }

    /**
     * What the workers see: the current call's job (null between calls) and how many calls there have been, so that a
     * worker tells a new call by its number and holds no job of its own between calls.
     */
    private static final class Shared {
        volatile Job job;
        volatile long generation;
    }

    private static final class Worker implements Runnable {
        final Shared shared;
        Thread thread;
        volatile boolean parked;

        Worker(Shared shared) {
            this.shared = shared;
        }

        private void runCurrentJob() {
            Job j = shared.job; // null if the call is already over; a later call's job works as well
            if (j != null) j.runChunks();
        }

        @Override
        public void run() {
            long seen = 0; // the number before any call: a worker that starts late still sees the first call
            while (true) {
                long now = shared.generation;
                if (now != seen) {
                    seen = now;
                    runCurrentJob(); // in its own frame: nothing of the job stays referenced here afterwards
                    continue;
                }
                long idleSince = System.nanoTime();
                while (shared.generation == seen && System.nanoTime() - idleSince < SPIN_NANOS) Thread.onSpinWait();
                if (shared.generation != seen) continue;
                // Dekker-style hand-shake with forEachChunk: set parked, then look once more before parking.
                parked = true;
                if (shared.generation == seen) LockSupport.park(this);
                parked = false;
            }
        }
    }
}
