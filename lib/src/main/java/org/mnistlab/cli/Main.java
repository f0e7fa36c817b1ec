package org.mnistlab.cli;

import org.mnistlab.data.MnistDataException;
import org.mnistlab.train.TrainingInterruptedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * The command-line entry point ({@code ./mnistlab run ...} or {@code java -jar lib/target/mnist-lab.jar ...}).
 *
 * <p>Example: {@code java -jar lib/target/mnist-lab.jar train --experiment 04-gap --seed 1}
 */
@Command(name = "mnist-lab", mixinStandardHelpOptions = true, version = "MNIST Lab 0.1",
        description = "Train the tutorial's experiments, benchmark them, and fetch MNIST.",
        subcommands = {TrainCommand.class, SweepCommand.class, BenchCommand.class, DataCommand.class, ListCommand.class,
                ExportCommand.class,
                ResultsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs a command line and returns its exit code: 0 ok, 1 a runtime error (missing data, a failed run, a bug:
     * bugs with their stack trace), 2 invalid usage (an unknown option, a value out of range).
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> exitCode(e, commandLine.getErr()));
        return cli.execute(args);
    }

    /** Reports a command's exception on {@code err} and returns its exit code (see {@link #run}). */
    static int exitCode(Exception e, PrintWriter err) {
        if (e instanceof IllegalArgumentException) {
            err.println("error: " + e.getMessage()); // a value the user gave: one line says which
            return 2;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException || e instanceof MnistDataException
                || e instanceof TrainingInterruptedException || e instanceof InterruptedException) {
            err.println("error: " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                err.println("  caused by: " + cause);
            }
            return 1;
        }
        err.println("error: " + e + " (a bug in MNIST Lab; please report it with this trace)");
        e.printStackTrace(err);
        return 1;
    }
}
