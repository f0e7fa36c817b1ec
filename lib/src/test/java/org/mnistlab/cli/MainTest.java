package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invalid command lines fail at once, with a message and a non-zero exit code, and leave nothing behind. */
class MainTest {

    static String[] run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        try {
            int code = Main.run(args);
            return new String[]{Integer.toString(code), captured.toString()};
        } finally {
            System.setErr(err);
        }
    }

    @Test
    void invalidValuesAreRejectedBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        String[][] cases = {
                {"train", "--experiment", "resnet", "--out", out.toString()},
                {"train", "--experiment", "04-gap", "--epochs", "0", "--out", out.toString()},
                {"train", "--experiment", "04-gap", "--batch", "-1", "--out", out.toString()},
                {"train", "--experiment", "04-gap", "--lr", "0", "--out", out.toString()},
                {"train", "--experiment", "04-gap", "--limit", "0", "--out", out.toString()},
                {"train", "--experiment", "04-gap", "--augment", "heavy", "--out", out.toString()},
                {"train", "--experiment", "04-gap", "--model", "resnet", "--out", out.toString()},
        };
        for (String[] args : cases) {
            String[] result = run(args);
            assertEquals("2", result[0], String.join(" ", args));
            assertTrue(result[1].startsWith("error: "), result[1]);
            assertFalse(Files.exists(out), "nothing may be created for: " + String.join(" ", args));
        }
    }

    @Test
    void anUnwritableOutputFolderFailsAtOnce(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        String[] result = run("train", "--experiment", "04-gap", "--out", file.resolve("run").toString());
        assertEquals("2", result[0]);
        assertTrue(result[1].contains("cannot write to"), result[1]);
    }

    @Test
    void aFinishedRunIsNotOverwrittenByAccident(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("summary.json"), "{}");
        String[] result = run("train", "--experiment", "04-gap", "--out", tmp.toString());
        assertEquals("2", result[0]);
        assertTrue(result[1].contains("--force"), result[1]);
        assertEquals("{}", Files.readString(tmp.resolve("summary.json")));
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        String[] result = run("train");
        assertEquals("2", result[0]);
        assertTrue(result[1].contains("--experiment"), result[1]);
    }

    @Test
    void everyCommandTakesHelp() {
        for (String command : new String[]{"train", "sweep", "bench", "data", "list", "results"}) {
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true));
            int code;
            try {
                code = Main.run(command, "--help");
            } finally {
                System.setOut(out);
            }
            assertEquals(0, code, command);
            assertTrue(captured.toString().startsWith("Usage: mnist-lab " + command), captured.toString());
        }
    }

    @Test
    void aRuntimeErrorExitsWithOneAndItsCause(@TempDir Path tmp) throws Exception {
        Path checkpoints = Files.createDirectories(tmp.resolve("run").resolve("checkpoints"));
        Files.writeString(checkpoints.resolve("last.zip"), "PK truncated");
        String[] result = run("train", "--experiment", "04-gap", "--resume", "--out", tmp.resolve("run").toString());
        assertEquals("1", result[0], result[1]);
        assertTrue(result[1].startsWith("error: ") && result[1].contains("last.zip is truncated or not a model file"),
                result[1]);
        assertEquals("PK truncated", Files.readString(checkpoints.resolve("last.zip")), "the checkpoint is left as it was");

        // A fresh run does not overwrite it either.
        String[] fresh = run("train", "--experiment", "04-gap", "--out", tmp.resolve("run").toString());
        assertEquals("2", fresh[0], fresh[1]);
        assertTrue(fresh[1].contains("holds an interrupted run: --resume continues it, --force"), fresh[1]);
        assertEquals("PK truncated", Files.readString(checkpoints.resolve("last.zip")));
    }

    @Test
    void usageRuntimeErrorsAndBugsHaveTheirOwnExitCodes() {
        java.io.StringWriter text = new java.io.StringWriter();
        java.io.PrintWriter err = new java.io.PrintWriter(text, true);
        assertEquals(2, Main.exitCode(new IllegalArgumentException("--batch must be >= 1"), err));
        assertEquals(1, Main.exitCode(new java.io.IOException("disk full",
                new java.io.IOException("no space left")), err));
        assertTrue(text.toString().contains("error: disk full\n  caused by: java.io.IOException: no space left"),
                text.toString());
        assertFalse(text.toString().contains("\tat "), "runtime errors print no stack trace");
        assertEquals(1, Main.exitCode(new IllegalStateException("a broken invariant"), err));
        assertTrue(text.toString().contains("a bug in MNIST Lab") && text.toString().contains("\tat "),
                "a bug prints its stack trace: " + text);
    }
}
