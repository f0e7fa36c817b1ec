package org.mnistlab.notebook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one notebook output carries: the same content in several MIME types (Jupyter picks the richest its
 * front end can show), always including a {@code text/plain} fallback. Binary types ({@code image/png}) are
 * base64 text, as in the Jupyter messaging protocol.
 *
 * <p>Example: {@code MimeBundle.html("<b>99.41 %</b>", "99.41 %")}
 *
 * @param title short name of the content (a chart's title), used for file names outside a notebook; may be empty
 * @param data  MIME type to content, in insertion order
 */
public record MimeBundle(String title, Map<String, String> data) {

    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String PNG = "image/png";

    public MimeBundle {
        title = title == null ? "" : title;
        Objects.requireNonNull(data, "data");
        if (!data.containsKey(TEXT)) {
            throw new IllegalArgumentException("a MIME bundle needs a text/plain fallback, got " + data.keySet());
        }
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** Plain text only. */
    public static MimeBundle text(String text) {
        return new MimeBundle("", Map.of(TEXT, text));
    }

    /** HTML with a plain-text fallback for consoles and text-only front ends. */
    public static MimeBundle html(String html, String plainText) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TEXT, plainText);
        m.put(HTML, html);
        return new MimeBundle("", m);
    }

    /** Markdown, rendered by Jupyter; the raw markdown is the plain-text fallback. */
    public static MimeBundle markdown(String markdown) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TEXT, markdown);
        m.put(MARKDOWN, markdown);
        return new MimeBundle("", m);
    }

    /** A PNG image given as base64, with a title and a plain-text description. */
    public static MimeBundle png(String title, String base64Png, String plainText) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TEXT, plainText);
        m.put(PNG, base64Png);
        return new MimeBundle(title, m);
    }

    /** The content for {@code mime}, or {@code null}. */
    public String get(String mime) {
        return data.get(mime);
    }

    public boolean has(String mime) {
        return data.containsKey(mime);
    }

    public String plainText() {
        return data.get(TEXT);
    }

    @Override
    public String toString() {
        return "MimeBundle[" + title + ", " + data.keySet() + "]";
    }
}
