package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Replaces the class of the same name in rapaio-jupyter-kernel 3.0.1, which runs the polling loops of the kernel's
 * shell, control and heartbeat channels. The original marks itself running only after {@link Thread#start()}, so a
 * thread scheduled at once sees "not running" and ends: the kernel then never answers Jupyter (4 of 25 starts on a
 * busy 2-core machine). It also lets one exception from a message handler end the loop for good.
 *
 * <p>Same constructor and methods as the original, which the kernel's channel classes call: {@code new
 * LoopThread(name, pauseMillis, body)}, {@code start()}, {@code shutdown()}, {@code join()}.
 */
public final class LoopThread extends Thread {

    private static final Logger LOGGER = Logger.getLogger(LoopThread.class.getSimpleName());

    private final long pauseMillis;
    private final Runnable body;
    // true from construction: running until shutdown(), however the new thread is scheduled
    private volatile boolean running = true;

    public LoopThread(String name, long pauseMillis, Runnable body) {
        super(name);
        this.pauseMillis = pauseMillis;
        this.body = body;
    }

    @Override
    public void run() {
        while (running) {
            try {
                body.run();
            } catch (RuntimeException e) {
                // A message that arrives before the kernel has registered its handlers, or one it fails on, is
                // lost; the channel keeps serving the next ones (Jupyter repeats its start-up request).
                if (running) {
                    LOGGER.log(Level.SEVERE, getName() + " could not handle a message", e);
                }
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Ends the loop after the current pass. */
    public void shutdown() {
        running = false;
    }
}
