package org.mnistlab.train;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunRecordTest {

    @Test
    void aRecipeIsTheSameUnderAnotherNameButNotWithAnotherSetting() {
        Experiment five = Experiments.augmentation();
        Map<String, Object> recorded = RunRecord.recipeRecord(five, 50_000, 10_000, 3);
        Map<String, Object> renamed = RunRecord.recipeRecord(five.toBuilder().name("06-renamed")
                .model(org.mnistlab.model.Architecture.parse("other-name "
                        + five.architecture().toText().split(" ", 2)[1])).build(), 50_000, 10_000, 3);
        assertNull(RunRecord.recipeMismatch(recorded, renamed));

        String difference = RunRecord.recipeMismatch(recorded,
                RunRecord.recipeRecord(five.toBuilder().batchSize(64).build(), 50_000, 10_000, 3));
        assertNotNull(difference);
        assertTrue(difference.startsWith("recipe '05-augmentation: 6,044 params, 15 epochs, batch 128"), difference);
        assertEquals("seed '3', not '4'", RunRecord.recipeMismatch(recorded, RunRecord.recipeRecord(five, 50_000,
                10_000, 4)));
    }
}
