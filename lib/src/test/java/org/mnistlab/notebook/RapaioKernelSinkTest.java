package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RapaioKernelSinkTest {

    @Test
    void recognisesTheKernelAsMainClassOnly() {
        assertTrue(RapaioKernelSink.launchedAs(Object.class, RapaioKernelSink.MAIN_CLASS + " /tmp/kernel-1.json"));
        assertFalse(RapaioKernelSink.launchedAs(Object.class, "org.mnistlab.cli.Main train"));
        assertFalse(RapaioKernelSink.launchedAs(Object.class, null));
        assertFalse(RapaioKernelSink.launchedAs(Object.class, ""));
    }

    @Test
    void recognisesALauncherJarWhoseManifestNamesTheKernel(@TempDir Path dir) throws Exception {
        assertTrue(RapaioKernelSink.launchedAs(Object.class, jar(dir.resolve("kernel.jar"), RapaioKernelSink.MAIN_CLASS) + " c.json"));
        assertFalse(RapaioKernelSink.launchedAs(Object.class, jar(dir.resolve("other.jar"), "org.example.Main") + " c.json"));
    }

    private static Path jar(Path file, String mainClass) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        try (JarOutputStream ignored = new JarOutputStream(Files.newOutputStream(file), m)) {
            // manifest only
        }
        return file;
    }
}
