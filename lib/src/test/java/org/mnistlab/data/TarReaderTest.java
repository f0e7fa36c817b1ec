package org.mnistlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {

    private static Map<String, byte[]> extract(byte[] tar, Set<String> wanted) throws IOException {
        Map<String, ByteArrayOutputStream> out = new HashMap<>();
        TarReader.extract(new ByteArrayInputStream(tar), wanted, name -> out.computeIfAbsent(name, n -> new ByteArrayOutputStream()));
        Map<String, byte[]> result = new HashMap<>();
        out.forEach((k, v) -> result.put(k, v.toByteArray()));
        return result;
    }

    @Test
    void extractsOnlyTheWantedEntries() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes());
        entries.put("package/data/a", new byte[1000]);
        entries.put("package/data/b", new byte[] {1, 2, 3});
        entries.put("package/data/c", new byte[512]);
        Map<String, byte[]> got = extract(TestData.tar(entries), Set.of("package/data/b", "package/data/c", "package/x"));
        assertEquals(Set.of("package/data/b", "package/data/c"), got.keySet());
        assertArrayEquals(new byte[] {1, 2, 3}, got.get("package/data/b"));
        assertArrayEquals(new byte[512], got.get("package/data/c"));
    }

    @Test
    void rejectsTruncatedAndCorruptArchives() {
        byte[] tar = TestData.tar(Map.of("package/data/a", new byte[2000]));
        assertThrows(EOFException.class, () -> extract(Arrays.copyOf(tar, 1200), Set.of("package/data/a")));
        assertThrows(EOFException.class, () -> extract(Arrays.copyOf(tar, 2560), Set.of("package/data/a")));
        byte[] corrupt = tar.clone();
        corrupt[10] ^= 1; // name changes, checksum no longer matches
        IOException e = assertThrows(IOException.class, () -> extract(corrupt, Set.of("package/data/a")));
        assertEquals(true, e.getMessage().contains("corrupt tar header"), e.getMessage());
    }

    /** Archives made by the real tar program, in the GNU and pax formats, with a name too long for the header. */
    @Test
    void readsLongNamesFromGnuAndPaxArchives(@TempDir Path dir) throws Exception {
        String longDir = "package/" + "d".repeat(60) + "/" + "e".repeat(60);
        Files.createDirectories(dir.resolve(longDir));
        byte[] content = "hello tar".getBytes();
        Files.write(dir.resolve(longDir).resolve("file.bin"), content);
        String name = longDir + "/file.bin";
        for (String format : new String[] {"gnu", "pax"}) {
            Path archive = dir.resolve(format + ".tar");
            Process process = new ProcessBuilder("tar", "--format=" + format, "-cf", archive.toString(), "-C",
                    dir.toString(), "package").redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertEquals(0, process.waitFor(), "the tar program is needed for this test (apt-get install tar): " + output);
            Map<String, byte[]> got = extract(Files.readAllBytes(archive), Set.of(name));
            assertArrayEquals(content, got.get(name), format);
        }
    }
}
