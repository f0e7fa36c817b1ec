package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.mnistlab.train.BatchProgress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    void printsNothingWhenNotAConsole() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int b = 1; b <= 100; b++) bar.onBatch(progress(b, 100));
        bar.onEpoch(Fixtures.history(1).last(), Fixtures.history(1));
        assertEquals(0, bytes.size());
    }

    @Test
    void redrawsOneLineInPlaceAtMostTenTimesASecondAndWipesItAtEpochEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, clock::get);
        for (int b = 1; b <= 100; b++) {
            clock.addAndGet(10_000_000L); // 10 ms per batch: 1 s in all
            bar.onBatch(progress(b, 100));
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(!out.contains("\n"), "progress must stay on one line");
        long draws = out.chars().filter(c -> c == '\r').count();
        assertTrue(draws >= 10 && draws <= 12, "drawn " + draws + " times in 1 s");
        assertTrue(out.endsWith("100/100 | loss 0.1000 | acc 97.00% | 6,000 img/s | ETA 0s"), out);
        bytes.reset();
        bar.onEpoch(Fixtures.history(1).last(), Fixtures.history(1));
        String wipe = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(wipe.matches("\r +\r"), "epoch end should blank the line: [" + wipe + "]");
    }

    private static BatchProgress progress(int batch, int batches) {
        return BatchProgress.of(1, 15).batch(batch, batches).running(0.1, 97.0).learningRate(0.01)
                .speed(6000, (batches - batch) * 0.01).build();
    }
}
