package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's arithmetic and its refusals; its timings are figures it prints, never asserted on. */
class BenchCommandTest {

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        assertEquals(7.0, BenchCommand.median(new double[] {9, 7, 1}));
        assertEquals(5.0, BenchCommand.median(new double[] {9, 7, 3, 1}));
        assertEquals(4.0, BenchCommand.median(new double[] {4}));
    }

    /** What ran is printed beside the figures: the engine, the backend, and the JVM that compiled the engine. */
    @Test
    void namesTheEngineTheBackendAndTheJvm() {
        String[] run = CommandRuns.inProcess("bench", "--models", "baseline", "--samples", "256");
        assertEquals("0", run[0], run[1]);
        assertTrue(run[1].contains("\nengine: "), run[1]);
        assertTrue(run[1].contains("\nbackend: "), run[1]);
        assertTrue(run[1].contains("\njvm: " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + " ("), run[1]);
    }

    @Test
    void refusesRoundsBelowOneBeforeLoadingAnything() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err));
        int exit = cli.execute("--rounds", "0");
        assertNotEquals(0, exit);
        assertTrue(err.toString().contains("--rounds >= 1"), err.toString());
    }
}
