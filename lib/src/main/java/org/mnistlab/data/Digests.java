package org.mnistlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** Checksums of files, streamed (no whole-file buffers). */
final class Digests {
    private Digests() {
    }

    /** MD5 (lower-case hex) of the file's content, decompressed first when it is gzip. */
    static String contentMd5(Path file) throws IOException {
        try (InputStream in = IdxReader.openContent(file)) {
            return HexFormat.of().formatHex(digest("MD5", in));
        }
    }

    /** Hex digest of the file's bytes as stored. */
    static String fileHex(String algorithm, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return HexFormat.of().formatHex(digest(algorithm, in));
        }
    }

    /** Base64 digest of the file's bytes as stored (npm's {@code integrity} format). */
    static String fileBase64(String algorithm, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Base64.getEncoder().encodeToString(digest(algorithm, in));
        }
    }

    private static byte[] digest(String algorithm, InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by every Java runtime", e);
        }
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
            md.update(buffer, 0, n);
        }
        return md.digest();
    }
}
