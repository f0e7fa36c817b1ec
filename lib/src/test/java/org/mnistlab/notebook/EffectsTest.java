package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;
import org.mnistlab.report.PairedDifference;
import org.mnistlab.report.StepEffects;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EffectsTest {

    @Test
    void theSentenceGivesTheValidationIntervalItsVerdictAndTheTestForTheRecord() {
        StepEffects.Step step = new StepEffects.Step("05-augmentation", "04-gap",
                PairedDifference.of(new double[] {99.0, 99.1, 99.2, 99.0, 99.1}, new double[] {99.1, 99.1, 99.1, 99.2, 99.1}),
                PairedDifference.of(new double[] {99.3, 99.2, 99.3, 99.2, 99.3}, new double[] {99.4, 99.3, 99.4, 99.3, 99.4}));
        String s = Effects.sentence(step);
        assertTrue(s.startsWith("**05-augmentation against 04-gap, 5 paired seeds.** On validation, the lowest "
                + "accuracy of the last 3 epochs moves by **+0.04 points** (95 % interval -0.10 to +0.18): **no "
                + "difference these 5 seeds can measure**"), s); // differences 0.1, 0, -0.1, 0.2, 0: SD 0.114, t 2.776
        assertTrue(s.endsWith("On test, for the record only: +0.10 points (+0.10 to +0.10)."), s);
    }

    @Test
    void aStepWithoutTwoSeedsOnBothSidesSaysSoInsteadOfAVerdict() {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            Effects.show("01-baseline", "a-variant-never-run");
        } finally {
            System.setOut(out);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("no effect to measure"), printed);
        assertEquals(-1, printed.indexOf("paired seeds."), printed);
    }
}
