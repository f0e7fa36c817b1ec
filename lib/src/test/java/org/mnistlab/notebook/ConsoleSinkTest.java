package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.report.Charts;
import org.mnistlab.report.Fixtures;
import org.mnistlab.report.Tables;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleSinkTest {

    @Test
    void printsTablesAsTextAndWritesChartsAsPngFiles(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleSink sink = new ConsoleSink(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir.resolve("charts"));
        Display display = new Display(sink);

        display.show(Tables.history(Fixtures.history(2)));
        String id = display.showUpdatable(Charts.lossAndAccuracy(Fixtures.history(1), 640, 320));
        Path file = sink.fileOf(id);
        assertEquals(dir.resolve("charts/02-loss-and-accuracy.png"), file);
        assertEquals(640, ImageIO.read(file.toFile()).getWidth());

        display.update(id, Charts.lossAndAccuracy(Fixtures.history(2), 700, 320));
        assertEquals(700, ImageIO.read(file.toFile()).getWidth(), "update must rewrite the same file");
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count());
        }

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("Training history\nEpoch"), out);
        assertTrue(out.contains("[chart] Loss and accuracy: " + file), out);
        assertEquals(1, out.split("\\[chart]", -1).length - 1, "path printed once, not on every update");
    }

    @Test
    void aTextDisplayLaterUpdatedWithAnImageGetsAFile(@TempDir Path dir) throws Exception {
        ConsoleSink sink = new ConsoleSink(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                dir);
        Display display = new Display(sink);
        String id = display.showUpdatable("curves appear after epoch 1");
        display.update(id, Charts.lossAndAccuracy(Fixtures.history(1), 600, 300));
        assertTrue(Files.isRegularFile(sink.fileOf(id)));
    }

    @Test
    void slugsAreSafeFileNames() {
        assertEquals("test-accuracy-by-experiment", ConsoleSink.slug("Test accuracy by experiment!"));
        assertEquals("image", ConsoleSink.slug("→ ✓"));
    }
}
