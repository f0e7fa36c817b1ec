package org.mnistlab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages form layers and no cycle: augment, data and model at the bottom, train above them, report above
 * train, notebook and cli on top. Read from the sources, so that a new import that breaks the layering fails here.
 */
class PackageLayersTest {

    private static final Path SOURCES = Path.of("src/main/java/org/mnistlab");
    private static final Pattern REFERENCE = Pattern.compile("org\\.mnistlab\\.((?:[a-z]+\\.)*[a-z]+)\\.[A-Z]");

    /** What each package may use besides itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "augment", Set.of(),
            "data", Set.of("augment"),
            "model.engine", Set.of(),
            "model", Set.of("model.engine"),
            "train", Set.of("augment", "data", "model"),
            "report", Set.of("data", "model", "train"),
            "notebook", Set.of("augment", "data", "model", "report", "train"),
            "cli", Set.of("augment", "data", "model", "model.engine", "report", "train"));

    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Matcher m = REFERENCE.matcher(Files.readString(file));
                Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                while (m.find()) if (!m.group(1).equals(pkg)) used.add(m.group(1));
            }
        }
        assertEquals(ALLOWED.keySet(), uses.keySet(), "a package was added or removed: place it in a layer");
        for (var e : uses.entrySet()) {
            Set<String> beyond = new TreeSet<>(e.getValue());
            beyond.removeAll(ALLOWED.get(e.getKey()));
            assertTrue(beyond.isEmpty(), "org.mnistlab." + e.getKey() + " uses " + beyond + ", which sit above it");
        }
        List<String> order = List.of("augment", "data", "model.engine", "model", "train", "report", "notebook", "cli");
        for (int i = 0; i < order.size(); i++) {
            for (String lower : ALLOWED.get(order.get(i))) {
                assertTrue(order.indexOf(lower) < i, order.get(i) + " may use only packages listed before it");
            }
        }
    }
}
