package org.mnistlab.model.engine;

import jdk.incubator.vector.FloatVector;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The machine's practical peak: float fused multiply-adds per second on the engine's vectors, measured, so that a
 * benchmark can say what fraction of it a model's training reaches. Twelve independent chains per thread hide the
 * FMA latency; nothing is read from memory.
 *
 * <p>Example: {@code double peak = FmaPeak.gflops(JavaEngine.threads());}
 */
public final class FmaPeak {

    private static final int CHAINS = 12;
    /** Multiply-adds per chain in one call of {@link #burst}: short calls, so that the JIT compiles the whole method. */
    private static final int ROUNDS = 10_000;
    private static final int WARM_UP_CALLS = 2_000;
    private static final int TIMED_CALLS = 2_000;

    private FmaPeak() {
    }

    /** The width measured, in bits (the engine's). */
    public static int bits() {
        return Lanes.bits();
    }

    /** GFLOP/s (2 per multiply-add and lane) of {@code threads} threads at once, the best of three tries. */
    public static double gflops(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        double best = 0;
        for (int attempt = 0; attempt < 3; attempt++) best = Math.max(best, once(threads));
        return best;
    }

    private static double once(int threads) {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        float[] sink = new float[threads];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                float sum = 0;
                for (int i = 0; i < WARM_UP_CALLS; i++) sum += burst();
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < TIMED_CALLS; i++) sum += burst();
                sink[id] = sum;
            });
            w.start();
            workers.add(w);
        }
        long t0;
        try {
            ready.await(); // every thread warmed up: the JIT has compiled burst()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring", e);
        }
        t0 = System.nanoTime();
        go.countDown();
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring", e);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (Float.isNaN(sink[0])) throw new IllegalStateException("unreachable: keeps the sums alive");
        return 2.0 * CHAINS * Lanes.LANES * ROUNDS * TIMED_CALLS * threads / seconds / 1e9;
    }

    private static float burst() {
        FloatVector m = FloatVector.broadcast(Lanes.SPECIES, 0.999999f);
        FloatVector c = FloatVector.broadcast(Lanes.SPECIES, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(Lanes.SPECIES, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        FloatVector a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < ROUNDS; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
