package org.mnistlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command line for tests: in this JVM with its output captured, or as its own process. */
final class CommandRuns {

    private CommandRuns() {
    }

    /** {@code Main.run(args)} in this JVM: the exit code and everything printed (standard output and error). */
    static String[] inProcess(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(captured, true);
        System.setOut(both);
        System.setErr(both);
        try {
            int code = Main.run(args);
            return new String[]{Integer.toString(code), captured.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /**
     * {@code train ARGS} in its own JVM (these JVM options added) on one thread, its output in {@code log}; returns
     * the output once it exits with 0, and fails otherwise or after 10 minutes.
     */
    static String trainProcess(List<String> args, Path log, String... jvmOptions)
            throws IOException, InterruptedException {
        List<String> cmd = ChildJvm.command(jvmOptions);
        cmd.add("train");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("train " + args + " did not finish in 10 minutes");
        }
        String text = Files.readString(log);
        if (p.exitValue() != 0) throw new AssertionError("train " + args + " exited with " + p.exitValue() + ":\n" + text);
        return text;
    }
}
