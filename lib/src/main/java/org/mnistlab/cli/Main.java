package org.mnistlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line entry point ({@code ./mnistlab run ...} or {@code java -jar lib/target/mnist-lab.jar ...}).
 *
 * <p>Example: {@code java -jar lib/target/mnist-lab.jar train --experiment 04-gap --seed 1}
 */
@Command(name = "mnist-lab", mixinStandardHelpOptions = true, version = "MNIST Lab 0.1",
        description = "Train the tutorial's experiments, benchmark them, and fetch MNIST.",
        subcommands = {TrainCommand.class, SweepCommand.class, BenchCommand.class, DataCommand.class, ListCommand.class, ResultsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 invalid usage). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Expected failures (bad values, missing data) read as one line, not a stack trace.
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("error: " + e);
            Throwable cause = e.getCause();
            while (cause != null) {
                commandLine.getErr().println("  caused by: " + cause);
                cause = cause.getCause();
            }
            return 1;
        });
        return cli.execute(args);
    }
}
