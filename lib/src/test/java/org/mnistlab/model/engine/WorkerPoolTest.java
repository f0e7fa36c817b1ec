package org.mnistlab.model.engine;

import org.junit.jupiter.api.Test;
import org.mnistlab.model.Models;
import org.mnistlab.model.Network;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WorkerPoolTest {

    @Test
    @org.junit.jupiter.api.Timeout(60) // a guard against a worker that never runs, not a measure
    void anExceptionInAWorkerReachesTheCaller() {
        WorkerPool pool = new WorkerPool(2);
        Thread caller = Thread.currentThread();
        AtomicInteger onWorker = new AtomicInteger();
        java.util.concurrent.CountDownLatch workerRan = new java.util.concurrent.CountDownLatch(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forEachChunk(64 * 8, 8,
                (from, to) -> {
                    if (Thread.currentThread() != caller) {
                        onWorker.incrementAndGet();
                        workerRan.countDown();
                        throw new IllegalStateException("chunk " + from + " failed");
                    }
                    // Leaves chunks for the worker, however slowly the machine schedules it.
                    awaitQuietly(workerRan);
                }));
        assertTrue(onWorker.get() > 0, "a worker ran a chunk");
        assertTrue(e.getMessage().startsWith("chunk "), e.getMessage());
        // The pool still works after a failed call.
        AtomicInteger sum = new AtomicInteger();
        pool.forEachChunk(100, 8, (from, to) -> sum.addAndGet(to - from));
        assertEquals(100, sum.get());
    }

    /** The pool references a task only while its call runs (the workers read it in a frame of their own). */
    @Test
    void aFinishedCallKeepsNothingOfItsTask() {
        WorkerPool pool = new WorkerPool(2);
        AtomicInteger heldDuring = new AtomicInteger();
        pool.forEachChunk(64, 8, (from, to) -> {
            if (pool.holdsATask()) heldDuring.incrementAndGet();
        });
        assertTrue(heldDuring.get() > 0, "a call's task is held while it runs");
        assertFalse(pool.holdsATask(), "the pool still holds the last call's task");
        assertThrows(IllegalStateException.class, () -> pool.forEachChunk(64, 8, (from, to) -> {
            throw new IllegalStateException("fails");
        }));
        assertFalse(pool.holdsATask(), "nor after a call that failed");
    }

    @Test
    void networksShareOnePoolSoNoneLeaksThreads() {
        assumeTrue(JavaEngine.available(), JavaEngine::unavailableReason);
        Models.gap().build(1); // the shared pool exists from here on
        long before = engineThreads();
        for (int i = 0; i < 40; i++) {
            Network net = Models.finalModel().build(i);
            assertTrue(net.engine().isJavaVector());
        }
        assertEquals(before, engineThreads(), "40 networks started no threads of their own");
    }

    private static long engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(WorkerPool.THREAD_NAME) && t.isAlive()).count();
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
