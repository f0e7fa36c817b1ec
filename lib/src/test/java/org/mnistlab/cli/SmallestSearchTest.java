package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.mnistlab.report.Results;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.Experiments;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RecipeRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notebook 11's network is the one the size search's rule takes from the committed runs (sweep.txt states the rule),
 * and its confirmation trains exactly that recipe on ten seeds no other sweep used, on all the training images.
 */
class SmallestSearchTest {

    static final String REFERENCE = "final-7772";
    static final double MARGIN = 0.05;
    /** The aim's budget, and the folder of the second confirmation that sweep.txt's stage 9 fixed for it. */
    static final long AIM = 4_000;
    static final String RUNNER_UP = "confirmation-runner-up";

    private static Path sweeps() {
        return Results.find().dir().resolve(Results.SWEEPS);
    }

    @Test
    void theSmallestExperimentIsWhatTheSearchRuleTakes() throws Exception {
        SweepSpec spec = SweepSpec.read(sweeps().resolve("smallest").resolve("sweep.txt"));
        SweepSummary search = SweepSummary.read(spec.dir(), SweepCommand.plans(spec));
        SweepSummary.VariantResult within = search.smallestWithin(REFERENCE, MARGIN).orElseThrow();
        // The rule's second clause: when nothing smaller comes within the margin, the best smaller network.
        SweepSummary.VariantResult taken = within.plan().name().equals(REFERENCE)
                ? search.bestSmallerThan(REFERENCE).orElseThrow() : within;
        SweepSpec.Variant variant = spec.variants().stream().filter(v -> v.name().equals(taken.plan().name()))
                .findFirst().orElseThrow();
        assertEquals(List.of(1L, 2L, 3L), variant.seeds(), "chosen on the reference's seeds");
        assertTrue(variant.validation(), "chosen on validation");
        assertNull(RecipeRecord.of(Experiments.smallest(), 50_000, 10_000, 1)
                .mismatch(RecipeRecord.of(variant.recipe(), 50_000, 10_000, 1)), taken.plan().name());
        assertEquals(taken.plan().params(), Experiments.smallest().architecture().trainableParameters());
    }

    /**
     * The second confirmation (sweep.txt, stage 9): among the other networks of at most 4,000 parameters run on seeds
     * 1-3, the one with the highest validation mean, trained as the search trained it on the fresh seeds 201-210 and
     * all the training images.
     */
    @Test
    void theRunnerUpConfirmationTrainsTheBestOtherNetworkUnderTheAimsBudget() throws Exception {
        SweepSpec spec = SweepSpec.read(sweeps().resolve("smallest").resolve("sweep.txt"));
        SweepSummary search = SweepSummary.read(spec.dir(), SweepCommand.plans(spec));
        String taken = search.smallestWithin(REFERENCE, MARGIN).orElseThrow().plan().name();
        SweepSummary.VariantResult runnerUp = search.bestAtMost(AIM, java.util.Set.of(taken)).orElseThrow();
        assertEquals(3, runnerUp.runs().size(), runnerUp.plan().name() + " ran on all three seeds");
        SweepSpec.Variant searched = spec.variants().stream()
                .filter(v -> v.name().equals(runnerUp.plan().name())).findFirst().orElseThrow();
        assertTrue(searched.validation(), "chosen on validation");
        SweepSpec confirmation = SweepSpec.read(sweeps().resolve(RUNNER_UP).resolve("sweep.txt"));
        assertEquals(1, confirmation.variants().size());
        SweepSpec.Variant v = confirmation.variants().get(0);
        assertEquals(runnerUp.plan().name(), v.name());
        assertFalse(v.validation(), "confirming runs train on all 60,000 images");
        assertEquals(LongStream.rangeClosed(201, 210).boxed().toList(), v.seeds());
        assertNull(RecipeRecord.of(searched.recipe(), 50_000, 10_000, 1)
                .mismatch(RecipeRecord.of(v.recipe(), 50_000, 10_000, 1)), v.name());
    }

    @Test
    void theConfirmationTrainsThatRecipeOnFreshSeedsAndAllTheTrainingImages() throws Exception {
        SweepSpec confirmation = SweepSpec.read(sweeps().resolve("confirmation-small").resolve("sweep.txt"));
        assertEquals(1, confirmation.variants().size());
        SweepSpec.Variant v = confirmation.variants().get(0);
        assertEquals(Experiments.smallest().name(), v.recipe().name());
        assertFalse(v.validation(), "confirming runs train on all 60,000 images");
        assertEquals(LongStream.rangeClosed(201, 210).boxed().toList(), v.seeds());
        for (String other : List.of("smallest", "lessons", "confirmation")) {
            for (SweepSpec.Variant o : SweepSpec.read(sweeps().resolve(other).resolve("sweep.txt")).variants()) {
                assertTrue(o.seeds().stream().noneMatch(v.seeds()::contains), other + "/" + o.name()
                        + " used a confirming seed");
            }
        }
    }
}
