package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;
import org.mnistlab.report.PairedDifference.Verdict;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Read from the committed lessons sweep: the take-aways must say what its paired seeds measured. */
class ContributionsTest {

    @Test
    void eachRowGivesTheMeasuredStepBesideItsTakeaway() {
        String md = Contributions.from("01-baseline")
                .step("02-batchnorm", "BatchNorm", Verdict.BETTER, "steadier, faster training")
                .step("03-dropout", "dropout", Verdict.BETTER, "a narrower gap")
                .step("04-gap", "global average pooling", Verdict.NO_MEASURABLE_DIFFERENCE, "1,280 parameters freed")
                .markdown();
        assertTrue(md.contains("| BatchNorm | `02-batchnorm` ← `01-baseline` | +0.52 (+0.41 to +0.62) | better | "
                + "steadier, faster training |"), md);
        assertTrue(md.contains("| global average pooling | `04-gap` ← `03-dropout` | "), md);
        assertTrue(md.contains("| no difference these 5 seeds can measure | 1,280 parameters freed |"), md);
    }

    @Test
    void aTakeawayTheRunsContradictIsRefused() {
        Contributions wrong = Contributions.from("01-baseline")
                .step("02-batchnorm", "BatchNorm", Verdict.NO_MEASURABLE_DIFFERENCE, "made no difference");
        IllegalStateException e = assertThrows(IllegalStateException.class, wrong::markdown);
        assertTrue(e.getMessage().contains("the runs say \"better\""), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Contributions.from("01-baseline")
                .step("never-run", "nothing", Verdict.BETTER, "-"));
    }
}
