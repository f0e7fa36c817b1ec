package org.mnistlab.cli;

import org.mnistlab.model.EngineChoice;
import picocli.CommandLine.Option;

/** {@code --engine}: which engine trains, for the commands that train ({@code train}, {@code bench}). */
final class EngineOption {

    @Option(names = "--engine", description = "Which engine trains: auto (MNIST Lab's Java engine when it can, else "
            + "DL4J's own layers), java-vector or dl4j (default: $MNIST_LAB_ENGINE, else auto).")
    String engine;

    /** The option's choice, else this JVM's ({@link EngineChoice#fromEnvironment()}). */
    EngineChoice choice() {
        return engine != null ? EngineChoice.parse(engine) : EngineChoice.fromEnvironment();
    }
}
