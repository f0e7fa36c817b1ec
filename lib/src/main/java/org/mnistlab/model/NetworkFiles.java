package org.mnistlab.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A network's file: DL4J's model zip (configuration, weights, optimiser state) with MNIST Lab's entries added (the
 * architecture's text and whatever the caller attaches), written atomically.
 */
final class NetworkFiles {

    private static final String ARCHITECTURE_ENTRY = "mnist-lab-architecture.txt";

    private NetworkFiles() {
    }

    /**
     * Writes {@code dl4j} with {@code architecture} and {@code attachments} into {@code file}: one atomic rename
     * commits them all. The file and its folder are flushed to disk before the call returns, so that a crash, even
     * of the machine, leaves the previous file or this one.
     *
     * @param beforeCommit runs when the new file is complete on disk, just before the rename that commits it
     */
    static void save(MultiLayerNetwork dl4j, Architecture architecture, Path file, Map<String, byte[]> attachments,
                     Runnable beforeCommit) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            ModelSerializer.writeModel(dl4j, tmp.toFile(), true);
            Map<String, byte[]> entries = new LinkedHashMap<>(attachments);
            entries.put(ARCHITECTURE_ENTRY, ArchitectureCodec.encode(architecture).getBytes(StandardCharsets.UTF_8));
            appendEntries(tmp, entries);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            beforeCommit.run();
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
                folder.force(true); // the rename itself
            } catch (IOException notSupported) {
                // some file systems cannot sync a folder; the rename is still atomic
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** An entry stored in {@code file}, or empty when it has none of that name. */
    static Optional<byte[]> attachment(Path file, String name) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("no model file at " + file);
        try (ZipFile zip = openZip(file)) {
            ZipEntry entry = zip.getEntry(name);
            return entry == null ? Optional.empty() : Optional.of(zip.getInputStream(entry).readAllBytes());
        } catch (ZipException e) {
            throw new IOException(file + " is truncated or not a model file: " + e.getMessage(), e);
        }
    }

    /** The architecture a network file was saved with. */
    static Architecture architecture(Path file) throws IOException {
        byte[] text = attachment(file, ARCHITECTURE_ENTRY)
                .orElseThrow(() -> new IOException(file + " is a DL4J model but was not saved by MNIST Lab"));
        try {
            return ArchitectureCodec.decode(new String(text, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": unreadable architecture entry: " + e.getMessage(), e);
        }
    }

    private static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new IOException(file + " is truncated or not a model file: " + e.getMessage(), e);
        }
    }

    private static void appendEntries(Path zipFile, Map<String, byte[]> extra) throws IOException {
        // Copy the DL4J zip entry by entry and add ours: ZIP files cannot be appended to in place.
        Path withArch = Files.createTempFile(zipFile.getParent(), ".arch", ".tmp");
        try (ZipFile in = new ZipFile(zipFile.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(withArch))) {
            var entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                out.putNextEntry(new ZipEntry(e.getName()));
                in.getInputStream(e).transferTo(out);
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(withArch);
            throw e;
        }
        Files.move(withArch, zipFile, StandardCopyOption.REPLACE_EXISTING);
    }
}
