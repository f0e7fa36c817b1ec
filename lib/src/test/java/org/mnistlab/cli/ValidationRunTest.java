package org.mnistlab.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --validation}: the held-out images, as the run prints and records them. */
@Tag("integration")
class ValidationRunTest {

    private static String[] run(String... args) {
        return CommandRuns.inProcess(args);
    }

    @Test
    void validationHoldsOutOneInSixAndIsRecorded(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        String[] result = run("train", "--experiment", "04-gap", "--epochs", "2", "--limit", "600", "--batch", "50",
                "--validation", "--stop-after", "1", "--out", out.toString());
        assertEquals("0", result[0], result[1]);
        assertTrue(result[1].contains("data: 500 training images, 100 validation images (choose on these)"), result[1]);
        assertTrue(result[1].contains("| Val: "), result[1]);
        String recipe = Files.readString(out.resolve("recipe.json"));
        assertTrue(recipe.contains("\"train_samples\" : 500") && recipe.contains("\"validation_samples\" : 100"), recipe);
        assertTrue(Files.readAllLines(out.resolve("history.csv")).get(0).contains("val_acc"));
        // Resuming without --validation is another recipe.
        String[] other = run("train", "--experiment", "04-gap", "--epochs", "2", "--limit", "600", "--batch", "50",
                "--resume", "--out", out.toString());
        assertEquals("2", other[0], other[1]);
        assertTrue(other[1].contains("cannot resume") && other[1].contains("train_samples"), other[1]);
        String[] resumed = run("train", "--experiment", "04-gap", "--epochs", "2", "--limit", "600", "--batch", "50",
                "--validation", "--resume", "--out", out.toString());
        assertEquals("0", resumed[0], resumed[1]);
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"min_val_acc_last_3\"") && summary.contains("\"validation_samples\" : 100"),
                summary);
    }

}
