package org.mnistlab.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * MNIST as the four {@code .gz} files under one base URL, the layout of the torchvision mirrors
 * ({@link #TORCHVISION_S3}, {@link #LECUN}). The base may also be a {@code file:} URL of a local directory.
 *
 * <pre>{@code MirrorMnistSource.of(MirrorMnistSource.TORCHVISION_S3)}</pre>
 *
 * @param baseUrl        URL of the directory holding the .gz files
 * @param connectTimeout connection timeout per file
 * @param readTimeout    timeout for each read from the connection
 */
public record MirrorMnistSource(URI baseUrl, Duration connectTimeout, Duration readTimeout) implements MnistSource {

    public static final URI TORCHVISION_S3 = URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/");
    public static final URI LECUN = URI.create("http://yann.lecun.com/exdb/mnist/");

    public MirrorMnistSource {
        if (baseUrl == null || connectTimeout == null || readTimeout == null) {
            throw new IllegalArgumentException("baseUrl and timeouts must not be null");
        }
        String base = baseUrl.toString();
        baseUrl = base.endsWith("/") ? baseUrl : URI.create(base + "/");
    }

    /** The mirror at {@code baseUrl} with the default timeouts (20 s connect, 60 s read). */
    public static MirrorMnistSource of(URI baseUrl) {
        return new MirrorMnistSource(baseUrl, NpmMnistSource.CONNECT_TIMEOUT, NpmMnistSource.READ_TIMEOUT);
    }

    @Override
    public String description() {
        return "mirror " + baseUrl + " (.gz files)";
    }

    @Override
    public Map<MnistFile, Path> fetch(Set<MnistFile> wanted, Path workDir, Consumer<String> log) throws IOException {
        Map<MnistFile, Path> result = new EnumMap<>(MnistFile.class);
        for (MnistFile file : wanted) {
            Path target = workDir.resolve(file.gzFileName());
            URI uri = baseUrl.resolve(file.gzFileName());
            try {
                Http.download(uri, target, connectTimeout, readTimeout, log);
            } catch (IOException e) {
                throw new IOException(file.gzFileName() + ": " + e, e);
            }
            String gzMd5 = Digests.fileHex("MD5", target);
            if (!gzMd5.equals(file.gzMd5())) {
                // Only informative: a re-compressed copy differs here but can still hold the right content.
                log.accept("  note: " + file.gzFileName() + " has MD5 " + gzMd5 + ", torchvision's is " + file.gzMd5()
                        + "; accepting it only if the decompressed content verifies");
            }
            result.put(file, target);
        }
        return result;
    }
}
