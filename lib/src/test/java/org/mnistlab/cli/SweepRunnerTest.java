package org.mnistlab.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SweepRunnerTest {

    @Test
    void theEtaSpreadsTheWorkOverTheProcessesThatStillHaveSome() {
        assertEquals(0, SweepRunner.etaSeconds(List.of(), 10, 2));
        assertEquals(150, SweepRunner.etaSeconds(List.of(15, 15), 10, 2), 1e-9);
        assertEquals(300, SweepRunner.etaSeconds(List.of(15, 15, 15, 15), 10, 2), 1e-9);
        assertEquals(150, SweepRunner.etaSeconds(List.of(15, 0), 10, 2), 1e-9, "one run left runs alone");
        assertEquals(150, SweepRunner.etaSeconds(List.of(15, 1, 1), 10, 4), 1e-9, "never less than the longest run");
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertEquals("42 s", SweepRunner.duration(42.4));
        assertEquals("3 min 5 s", SweepRunner.duration(185));
        assertEquals("1 h 12 min", SweepRunner.duration(4320));
    }

    @Test
    void atLeastOneProcess() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new SweepRunner(0));
    }
}
