package org.mnistlab.data;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fetches missing files from the sources, in order, into the cache. Downloads land in a temporary directory inside
 * the cache and are moved into place atomically only once their content MD5 matches, so the cache never holds a bad
 * file under a final name.
 */
record CacheDownloader(Path cacheDir, List<MnistSource> sources, ExpectedChecksums checksums, Consumer<String> log) {

    /**
     * Tries each source for the files still missing, puts the good ones into {@code found}, and adds one line per
     * source (or why none was tried) to {@code tried}.
     */
    void download(Set<MnistFile> wanted, Map<MnistFile, Path> found, List<String> tried) {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            tried.add("no source tried: cannot create the cache directory " + cacheDir + " (" + e + ")");
            return;
        }
        for (MnistSource source : sources) {
            Set<MnistFile> missing = MissingFiles.of(wanted, found);
            if (missing.isEmpty()) {
                return;
            }
            log.accept("[mnist] fetching " + MissingFiles.names(missing) + " from " + source.description());
            Path work = null;
            try {
                work = Files.createTempDirectory(cacheDir, ".download-");
                Map<MnistFile, Path> fetched = source.fetch(EnumSet.copyOf(missing), work, log);
                List<String> problems = new ArrayList<>();
                for (MnistFile file : missing) {
                    Path path = fetched.get(file);
                    if (path == null || !Files.isRegularFile(path)) {
                        problems.add(file.fileName() + " not provided");
                        continue;
                    }
                    String problem = checksums.problemWith(file, path);
                    if (problem != null) {
                        problems.add(file.fileName() + " " + problem);
                        continue;
                    }
                    Path target = cacheDir.resolve(IdxReader.isGzip(path) ? file.gzFileName() : file.fileName());
                    Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    found.put(file, target);
                }
                tried.add(source.description() + ": " + (problems.isEmpty() ? "ok" : String.join("; ", problems)));
                if (!problems.isEmpty()) {
                    log.accept("[mnist] " + source.description() + ": " + String.join("; ", problems));
                }
            } catch (IOException | RuntimeException e) {
                tried.add(source.description() + ": failed: " + e);
                log.accept("[mnist] " + source.description() + " failed: " + e);
            } finally {
                deleteQuietly(work);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A leftover temporary directory is harmless; it never holds a file under a final name.
        }
    }
}
