package org.mnistlab.data;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The wanted files a lookup has not found yet, and how messages name them. */
final class MissingFiles {

    private MissingFiles() {
    }

    static Set<MnistFile> of(Set<MnistFile> wanted, Map<MnistFile, Path> found) {
        Set<MnistFile> missing = EnumSet.noneOf(MnistFile.class);
        for (MnistFile file : wanted) {
            if (!found.containsKey(file)) {
                missing.add(file);
            }
        }
        return missing;
    }

    /** The files' canonical names, comma-separated. */
    static String names(Set<MnistFile> files) {
        return files.stream().map(MnistFile::fileName).collect(Collectors.joining(", "));
    }
}
