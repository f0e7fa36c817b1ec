package org.rapaio.jupyter.kernel.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

class LoopThreadTest {

    @Test
    void runsItsBodyWithoutWaitingForStartToReturn() {
        // run() in this thread stands for a new thread that is scheduled before start() has returned: the
        // original ended at once here, with the body never run.
        AtomicReference<LoopThread> self = new AtomicReference<>();
        AtomicInteger passes = new AtomicInteger();
        LoopThread loop = new LoopThread("test", 0, () -> {
            passes.incrementAndGet();
            self.get().shutdown();
        });
        self.set(loop);

        loop.run();

        assertEquals(1, passes.get());
    }

    @Test
    void keepsServingAfterABodyFailsAndLogsTheFailure() throws InterruptedException {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger(LoopThread.class.getSimpleName());
        Handler capture = new Handler() {
            @Override public void publish(LogRecord record) { logged.add(record); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        logger.addHandler(capture);
        logger.setUseParentHandlers(false);
        AtomicInteger passes = new AtomicInteger();
        CountDownLatch third = new CountDownLatch(3);
        LoopThread loop = new LoopThread("test", 1, () -> {
            third.countDown();
            if (passes.incrementAndGet() == 1) {
                throw new NullPointerException("no handlers registered yet");
            }
        });

        loop.start();

        try {
            assertTrue(third.await(10, TimeUnit.SECONDS), "the loop stopped after the body failed");
            loop.shutdown();
            loop.join(10_000);
        } finally {
            logger.removeHandler(capture);
            logger.setUseParentHandlers(true);
        }
        assertFalse(loop.isAlive());
        assertEquals(1, logged.size());
        assertEquals(Level.SEVERE, logged.get(0).getLevel());
        assertEquals("no handlers registered yet", logged.get(0).getThrown().getMessage());
    }

    @Test
    void shutdownEndsTheLoop() throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        LoopThread loop = new LoopThread("test", 1, first::countDown);
        loop.start();
        assertTrue(first.await(10, TimeUnit.SECONDS));

        loop.shutdown();
        loop.join(10_000);

        assertFalse(loop.isAlive());
    }

    /**
     * On the test class path this class shadows the kernel jar's; whether the launcher jar carries it too is checked
     * after packaging, by scripts/test_kernel.py ({@code check_start_up_fix}).
     */
    @Test
    void theKernelsChannelsUseThisClass() throws Exception {
        // Loaded by name, as the kernel's own classes resolve it: this class, not the one inside the kernel jar.
        for (String channel : new String[] {"ShellChannel", "ControlChannel", "HeartbeatChannel"}) {
            Class<?> type = Class.forName("org.rapaio.jupyter.kernel.channels." + channel);
            assertSame(LoopThread.class, type.getDeclaredField("loopThread").getType(), channel);
        }
        Path source = Path.of(LoopThread.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertFalse(source.getFileName().toString().startsWith("rapaio-jupyter-kernel"), source.toString());
        LoopThread.class.getConstructor(String.class, long.class, Runnable.class);
        LoopThread.class.getMethod("shutdown");
    }
}
