package org.mnistlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Plain URL downloads with timeouts, HTTP status and length checks and progress messages. Works for {@code http},
 * {@code https} and {@code file} URLs (the latter lets a mirror be a local directory).
 */
final class Http {
    private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

    private Http() {
    }

    /** Reads a small response fully (at most {@code maxBytes}). */
    static byte[] get(URI uri, String accept, Duration connectTimeout, Duration readTimeout, int maxBytes)
            throws IOException {
        URLConnection connection = open(uri, accept, connectTimeout, readTimeout);
        try (InputStream in = connection.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw new IOException("response from " + uri + " is larger than " + maxBytes + " bytes");
            }
            return body;
        } finally {
            disconnect(connection);
        }
    }

    /**
     * Streams {@code uri} into {@code target}, logging progress about every 2 s. Fails when the server sends fewer bytes
     * than it announced.
     *
     * @return number of bytes written
     */
    static long download(URI uri, Path target, Duration connectTimeout, Duration readTimeout, Consumer<String> log)
            throws IOException {
        URLConnection connection = open(uri, null, connectTimeout, readTimeout);
        long expected = connection.getContentLengthLong();
        long written = 0;
        long start = System.nanoTime();
        long lastReport = start;
        log.accept("downloading " + uri + (expected >= 0 ? " (" + megabytes(expected) + ")" : ""));
        try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                written += n;
                long now = System.nanoTime();
                if (now - lastReport > PROGRESS_INTERVAL_NANOS) {
                    lastReport = now;
                    log.accept("  " + megabytes(written) + (expected > 0
                            ? String.format(Locale.ROOT, " of %s (%.0f %%)", megabytes(expected), 100.0 * written / expected)
                            : "") + " from " + uri.getHost());
                }
            }
        } finally {
            disconnect(connection);
        }
        if (expected >= 0 && written != expected) {
            throw new IOException("download of " + uri + " is truncated: got " + written + " of " + expected + " bytes");
        }
        log.accept(String.format(Locale.ROOT, "  got %s in %.1f s", megabytes(written), (System.nanoTime() - start) / 1e9));
        return written;
    }

    private static URLConnection open(URI uri, String accept, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        URLConnection connection = uri.toURL().openConnection();
        connection.setConnectTimeout((int) connectTimeout.toMillis());
        connection.setReadTimeout((int) readTimeout.toMillis());
        connection.setRequestProperty("User-Agent", "mnist-lab (Java " + System.getProperty("java.version") + ")");
        if (accept != null) {
            connection.setRequestProperty("Accept", accept);
        }
        if (connection instanceof HttpURLConnection http) {
            int status = http.getResponseCode(); // connects; throws on connection failure or timeout
            if (status != HttpURLConnection.HTTP_OK) {
                http.disconnect();
                throw new IOException("HTTP " + status + (http.getResponseMessage() == null ? "" : " " + http.getResponseMessage())
                        + " for " + uri);
            }
        }
        return connection;
    }

    private static void disconnect(URLConnection connection) {
        if (connection instanceof HttpURLConnection http) {
            http.disconnect();
        }
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
