package org.mnistlab.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file so that readers see the old content or the complete new one, never a half-written file: the bytes
 * go to a temporary file in the same directory, which is then renamed over the target.
 *
 * <p>Example: {@code AtomicWrite.bytes(Path.of("target/charts/curves.png"), png)}
 */
public final class AtomicWrite {

    private AtomicWrite() {
    }

    /** Writes {@code content} to {@code file}, creating missing parent directories; returns {@code file}. */
    public static Path bytes(Path file, byte[] content) {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            try {
                // Files.write, not createTempFile: the result gets the usual permissions, not owner-only.
                Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target + ": " + e.getMessage(), e);
        }
        return file;
    }
}
