package org.mnistlab.notebook;

import org.mnistlab.data.AtomicWrite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outputs outside a notebook (CLI, unit tests, plain JShell): text is printed, images are written as PNG files into
 * a directory and their path printed. Updating a display rewrites the same file (atomically), so an image viewer
 * on it follows a live chart.
 *
 * <p>Example: {@code new Display(new ConsoleSink(System.out, Path.of("runs/charts")))}
 */
public final class ConsoleSink implements DisplaySink {

    /** System property naming the chart directory of {@link #standard()}. */
    public static final String CHART_DIR_PROPERTY = "mnistlab.charts.dir";

    private final PrintStream out;
    private final Path chartDir;
    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, Path> files = new ConcurrentHashMap<>();

    public ConsoleSink(PrintStream out, Path chartDir) {
        this.out = Objects.requireNonNull(out, "out");
        this.chartDir = Objects.requireNonNull(chartDir, "chartDir");
    }

    /** {@code System.out}, charts in {@code -Dmnistlab.charts.dir} or {@code target/charts}. */
    public static ConsoleSink standard() {
        return new ConsoleSink(System.out, Path.of(System.getProperty(CHART_DIR_PROPERTY, "target/charts")));
    }

    /** Where image outputs are written. */
    public Path chartDir() {
        return chartDir;
    }

    @Override
    public String display(MimeBundle bundle) {
        int n = counter.incrementAndGet();
        String id = "console-" + n;
        if (bundle.has(MimeBundle.PNG)) {
            Path file = chartDir.resolve(String.format(Locale.ROOT, "%02d-%s.png", n, slug(bundle.title())));
            files.put(id, file);
            write(file, bundle);
            out.println("[chart] " + (bundle.title().isEmpty() ? "" : bundle.title() + ": ") + file);
        } else {
            out.println(bundle.plainText());
        }
        return id;
    }

    @Override
    public void update(String displayId, MimeBundle bundle) {
        Path file = files.get(displayId);
        if (bundle.has(MimeBundle.PNG)) {
            if (file == null) {
                // First image under this id (it showed text before): give it a file now.
                file = chartDir.resolve(String.format(Locale.ROOT, "%02d-%s.png", counter.incrementAndGet(),
                        slug(bundle.title())));
                files.put(displayId, file);
                out.println("[chart] " + (bundle.title().isEmpty() ? "" : bundle.title() + ": ") + file);
            }
            write(file, bundle);
        } else {
            out.println(bundle.plainText());
        }
    }

    /** The file an image display was written to, if it was one. */
    public Path fileOf(String displayId) {
        return files.get(displayId);
    }

    private static void write(Path file, MimeBundle bundle) {
        AtomicWrite.bytes(file, Base64.getDecoder().decode(bundle.get(MimeBundle.PNG)));
    }

    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return s.isEmpty() ? "image" : s.length() > 60 ? s.substring(0, 60) : s;
    }
}
