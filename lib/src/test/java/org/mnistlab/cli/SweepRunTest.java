package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.mnistlab.train.RecipeRecord;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepRunTest {

    @Test
    void aRunOfAnotherRecipeOrSizeIsAMismatch() {
        SweepSpec s = SweepSpec.parse(Path.of("s/sweep.txt"), "seeds 1\nvariant a: --experiment 04-gap --epochs 3 --limit 256 --batch 64\n"
                + "variant b: --experiment 04-gap\n");
        SweepSpec.Variant a = s.variants().get(0), b = s.variants().get(1);
        RecipeRecord recorded = RecipeRecord.of(a.recipe(), 256, 0, 1).ranOn("java-vector", "16-lane");
        assertEquals(null, new SweepRun(a, 1, Path.of("x")).mismatch(recorded));
        assertTrue(new SweepRun(a, 2, Path.of("x")).mismatch(recorded).contains("seed 1, not 2"));
        RecipeRecord fewer = RecipeRecord.of(a.recipe(), 128, 0, 1);
        assertTrue(new SweepRun(a, 1, Path.of("x")).mismatch(fewer).contains("train_samples 128, not 256"),
                "fewer images than --limit is another run");
        assertTrue(new SweepRun(b, 1, Path.of("x")).mismatch(recorded).contains("training.epochs 3, not 15"));
        assertThrows(NullPointerException.class, () -> new RecipeRecord("r", null, null, 256, null, 1, null, null),
                "a record without its architecture cannot be checked");
    }
}
