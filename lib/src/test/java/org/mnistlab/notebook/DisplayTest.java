package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;
import org.mnistlab.model.ModelSummary;
import org.mnistlab.report.Charts;
import org.mnistlab.report.Fixtures;
import org.mnistlab.report.Tables;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisplayTest {

    private final RecordingSink sink = new RecordingSink();
    private final Display display = new Display(sink);

    @Test
    void tableGoesOutAsHtmlWithAlignedTextFallback() {
        display.show(Tables.history(Fixtures.history(3)));
        MimeBundle b = sink.events.get(0).bundle();
        assertEquals(List.of(MimeBundle.TEXT, MimeBundle.HTML), List.copyOf(b.data().keySet()));
        assertTrue(b.get(MimeBundle.HTML).startsWith("<table"));
        assertTrue(b.plainText().startsWith("Training history\nEpoch"), b.plainText());
        assertEquals("Training history", b.title());
    }

    @Test
    void chartGoesOutAsBase64PngWithTextFallback() {
        display.show(Charts.lossAndAccuracy(Fixtures.history(2), 800, 300));
        MimeBundle b = sink.events.get(0).bundle();
        assertTrue(b.has(MimeBundle.PNG) && b.has(MimeBundle.TEXT));
        Fixtures.assertPng(Base64.getDecoder().decode(b.get(MimeBundle.PNG)), 800, 300);
        assertEquals("[chart: Loss and accuracy, 800x300 px]", b.plainText());
        assertEquals("Loss and accuracy", b.title());
    }

    @Test
    void plainImagesSummariesHistoriesAndTextAreRendered() {
        display.show(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB));
        assertTrue(sink.events.get(0).bundle().has(MimeBundle.PNG));
        display.show(new ModelSummary("m", "1x28x28", List.of(), 0, 0));
        assertTrue(sink.events.get(1).bundle().get(MimeBundle.HTML).contains("Model m"));
        display.show(Fixtures.history(1));
        assertTrue(sink.events.get(2).bundle().get(MimeBundle.HTML).contains("Train loss"));
        display.show(42);
        assertEquals(List.of(MimeBundle.TEXT), List.copyOf(sink.events.get(3).bundle().data().keySet()));
        assertEquals("42", sink.events.get(3).bundle().plainText());
    }

    @Test
    void markdownAndHtmlCarryTheirTypeAndAReadableFallback() {
        display.markdown("## Results\n**99.4 %**");
        MimeBundle md = sink.events.get(0).bundle();
        assertEquals("## Results\n**99.4 %**", md.get(MimeBundle.MARKDOWN));
        assertEquals(md.get(MimeBundle.MARKDOWN), md.plainText());
        display.html("<p>a &amp; <b>b</b></p><p>c</p>");
        MimeBundle html = sink.events.get(1).bundle();
        assertEquals("<p>a &amp; <b>b</b></p><p>c</p>", html.get(MimeBundle.HTML));
        assertEquals("a & b\nc", html.plainText());
    }

    @Test
    void updateReplacesTheSameDisplayId() {
        String id = display.showUpdatable(Charts.lossAndAccuracy(Fixtures.history(1), 600, 300));
        display.update(id, Charts.lossAndAccuracy(Fixtures.history(2), 600, 300));
        display.update(id, "done");
        assertEquals(1, sink.of("display").size());
        assertEquals(2, sink.of("update").size());
        assertTrue(sink.of("update").stream().allMatch(e -> e.id().equals(id)));
        assertTrue(sink.of("update").get(0).bundle().has(MimeBundle.PNG));
        assertEquals("done", sink.of("update").get(1).bundle().plainText());
        assertThrows(NullPointerException.class, () -> display.update(null, "x"));
    }

    @Test
    void everyBundleNeedsATextFallback() {
        assertThrows(IllegalArgumentException.class,
                () -> new MimeBundle("x", java.util.Map.of(MimeBundle.HTML, "<b>x</b>")));
    }

    @Test
    void outsideAKernelTheSharedDisplayIsTheConsole() {
        Display shared = Display.auto();
        assertFalse(shared.inNotebook());
        assertTrue(shared.sink() instanceof ConsoleSink);
        assertTrue(shared == Display.auto(), "detected once, then shared");
    }
}
