package org.mnistlab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The content MD5 each MNIST file must have, and the check of one file against it.
 *
 * @param md5 lower-case hex, one per file
 */
record ExpectedChecksums(Map<MnistFile, String> md5) {

    ExpectedChecksums {
        md5 = Map.copyOf(md5);
    }

    /** Returns null when the file's content MD5 is the expected one, else what is wrong with it. */
    String problemWith(MnistFile file, Path path) {
        String actual;
        try {
            actual = Digests.contentMd5(path);
        } catch (IOException e) {
            return "is unreadable or truncated (" + e + ")";
        }
        String expected = md5.get(file);
        return actual.equalsIgnoreCase(expected) ? null : "has the wrong checksum (MD5 " + actual + ", expected " + expected + ")";
    }
}
