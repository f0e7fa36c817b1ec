package org.mnistlab.cli;

import org.mnistlab.data.MnistFile;
import org.mnistlab.data.MnistLocator;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code data}: finds, downloads if needed, and verifies the four MNIST files. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Find or download MNIST, verify its checksums, and print where it is.")
final class DataCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Map<MnistFile, Path> files = MnistLocator.defaults().locateAll();
        files.forEach((file, path) -> System.out.println("verified " + path));
        return 0;
    }
}
