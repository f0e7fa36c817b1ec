package org.mnistlab.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepRunTest {

    @Test
    void aRunOfAnotherRecipeOrSizeIsAMismatch() {
        SweepSpec s = SweepSpec.parse(Path.of("s/sweep.txt"), "seeds 1\nvariant a: --experiment 04-gap --epochs 3 --limit 256 --batch 64\n"
                + "variant b: --experiment 04-gap\n");
        SweepSpec.Variant a = s.variants().get(0), b = s.variants().get(1);
        Map<String, Object> recorded = new LinkedHashMap<>(Map.of(
                "recipe", a.recipe().describe(), "architecture", a.recipe().architecture().toText(),
                "train_samples", 256, "seed", 1));
        assertEquals(null, new SweepRun(a, 1, Path.of("x")).mismatch(recorded));
        assertTrue(new SweepRun(a, 2, Path.of("x")).mismatch(recorded).contains("seed '1', not '2'"));
        recorded.put("train_samples", 128);
        assertTrue(new SweepRun(a, 1, Path.of("x")).mismatch(recorded)
                .contains("train_samples '128', not '256'"), "fewer images than --limit is another run");
        recorded.put("train_samples", 256);
        recorded.remove("architecture");
        assertTrue(new SweepRun(a, 1, Path.of("x")).mismatch(recorded)
                .contains("architecture 'null'"), "a record without its architecture cannot be checked");
        assertTrue(new SweepRun(b, 1, Path.of("x")).mismatch(recorded).contains("recipe '"));
    }
}
