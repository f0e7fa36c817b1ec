package org.mnistlab.notebook;

import org.mnistlab.model.ModelSummary;
import org.mnistlab.report.ChartImage;
import org.mnistlab.report.Html;
import org.mnistlab.report.Tables;
import org.mnistlab.report.TextTable;
import org.mnistlab.train.TrainingHistory;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Shows tables, charts and text in a Jupyter notebook, or on the console when there is no notebook: the same calls
 * work in both. {@link #auto()} picks the place once; outputs can be replaced in place by id.
 *
 * <p>Example: {@code var display = Display.auto(); display.show(table);} and, for an output replaced later,
 * {@code String id = display.showUpdatable(chart); ... display.update(id, newerChart);}
 *
 * <p>{@link #show} returns nothing on purpose: a notebook cell ending in a call that returns a value shows that
 * value, and a display id under every table would be noise.
 *
 * <p>What {@link #show} understands: Tablesaw {@code Table} (HTML + aligned text), {@link ChartImage} and any
 * {@code RenderedImage} (PNG), {@link ModelSummary} and {@link TrainingHistory} (as their {@link Tables}),
 * {@link MimeBundle} (as given), anything else as its {@code toString()}.
 */
public final class Display {

    private final DisplaySink sink;

    public Display(DisplaySink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * The shared display of this JVM: the Jupyter kernel's when running inside it, else the console
     * ({@link ConsoleSink#standard()}).
     */
    public static Display auto() {
        return Shared.DISPLAY;
    }

    /**
     * Lazily initialised, final, holder: the kernel is detected once, on first use, and every cell and listener then
     * talks to the same sink (so console file numbering stays unique). The JVM's class initialisation makes this
     * thread-safe without locks; nothing in it ever changes afterwards.
     */
    private static final class Shared {
        static final Display DISPLAY = new Display(KernelSink.detect().<DisplaySink>map(k -> k)
                .orElseGet(ConsoleSink::standard));
    }

    /** Whether outputs go to a Jupyter kernel. */
    public boolean inNotebook() {
        return sink instanceof KernelSink;
    }

    /**
     * The Jupyter kernel outputs go to ({@code jjava}), or empty on the console.
     */
    public Optional<String> kernel() {
        return sink instanceof KernelSink k ? Optional.of(k.kernelName()) : Optional.empty();
    }

    /** Where outputs go. */
    public DisplaySink sink() {
        return sink;
    }

    /** Shows {@code value} as a new output. */
    public void show(Object value) {
        sink.display(render(value));
    }

    /** Shows {@code value} as a new output and returns its display id, for {@link #update}. */
    public String showUpdatable(Object value) {
        return sink.display(render(value));
    }

    /** Replaces the output {@code displayId} (from {@link #showUpdatable}) with {@code value}. */
    public void update(String displayId, Object value) {
        Objects.requireNonNull(displayId, "displayId");
        sink.update(displayId, render(value));
    }

    /** Shows HTML; outside a notebook its tags are stripped. */
    public void html(String html) {
        sink.display(MimeBundle.html(html, stripTags(html)));
    }

    /** Shows Markdown, rendered in a notebook, printed as-is elsewhere. */
    public void markdown(String markdown) {
        sink.display(MimeBundle.markdown(markdown));
    }

    /** Shows plain text (monospaced in a notebook). */
    public void text(String text) {
        sink.display(MimeBundle.text(text));
    }

    /** The MIME bundle {@link #show} sends for {@code value}. */
    public static MimeBundle render(Object value) {
        if (value instanceof MimeBundle b) return b;
        if (value instanceof Table t) {
            MimeBundle b = MimeBundle.html(Html.of(t), TextTable.of(t));
            return new MimeBundle(t.name(), b.data());
        }
        if (value instanceof ChartImage c) return MimeBundle.png(c.title(), c.pngBase64(), c.toString());
        if (value instanceof RenderedImage img) {
            return MimeBundle.png("image", base64Png(img),
                    "[image " + img.getWidth() + "x" + img.getHeight() + " px]");
        }
        if (value instanceof ModelSummary s) return render(Tables.summary(s));
        if (value instanceof TrainingHistory h) return render(Tables.history(h));
        return MimeBundle.text(String.valueOf(value));
    }

    private static String base64Png(RenderedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode image as PNG", e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String stripTags(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>|</h[1-6]>|</li>", "\n")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&")
                .strip();
    }
}
