package org.mnistlab.train;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunModeTest {

    @Test
    void theRealExperimentIsTheDefault() {
        assertEquals(RunMode.fullMode(), RunMode.from(Map.of()));
        assertEquals(RunMode.fullMode(), RunMode.from(Map.of("MNIST_LAB_MODE", " ")));
        assertEquals(RunMode.fullMode(), RunMode.from(Map.of("MNIST_LAB_MODE", "FULL")));
        assertEquals("full mode: all epochs on all the training images", RunMode.fullMode().describe());
        assertEquals("", RunMode.fullMode().quickLabel(), "full figures are the result: no label");
        assertEquals(15, RunMode.fullMode().apply(Experiments.gap()).epochs());
    }

    @Test
    void quickModeTrainsTwoEpochsOnEveryImageAndSaysSo() {
        RunMode quick = RunMode.from(Map.of("MNIST_LAB_MODE", "quick"));
        assertEquals(RunMode.quickMode(), quick);
        assertFalse(quick.full());
        assertEquals(0, quick.trainLimit(), "all 60,000 images: two epochs on a tenth of them learn too little");
        assertEquals(2, quick.apply(Experiments.oneCycle()).epochs());
        assertEquals("quick mode: 2 epochs on all the training images", quick.describe());
        assertEquals("Quick mode (2 epochs on all the training images): a smoke test, not the experiment's "
                + "result.", quick.quickLabel());
    }

    @Test
    void epochsAndTrainLimitOverrideEitherMode() {
        RunMode m = RunMode.from(Map.of("MNIST_LAB_MODE", "quick", "MNIST_LAB_EPOCHS", "3",
                "MNIST_LAB_TRAIN_LIMIT", "1000"));
        assertEquals(new RunMode(false, 3, 1000), m);
        assertEquals("Reduced run (3 epochs on 1,000 training images): a smoke test, not the experiment's result.",
                m.quickLabel());
        RunMode fewer = RunMode.from(Map.of("MNIST_LAB_EPOCHS", "4"));
        assertEquals(new RunMode(false, 4, 0), fewer, "4 epochs are not the full experiment");
        assertEquals("reduced run: 4 epochs on all the training images", fewer.describe());
        assertEquals(RunMode.fullMode(), RunMode.from(Map.of("EPOCHS", "4", "TRAIN_LIMIT", "10")),
                "a stray unprefixed variable in a shell changes nothing");
        assertThrows(IllegalArgumentException.class, () -> new RunMode(true, 4, 0));
    }

    @Test
    void badSettingsAreRefusedWithTheirName() {
        String e = assertThrows(IllegalArgumentException.class,
                () -> RunMode.from(Map.of("MNIST_LAB_MODE", "fast"))).getMessage();
        assertEquals("MNIST_LAB_MODE must be 'quick' or 'full', got 'fast'", e);
        e = assertThrows(IllegalArgumentException.class,
                () -> RunMode.from(Map.of("MNIST_LAB_EPOCHS", "0"))).getMessage();
        assertEquals("MNIST_LAB_EPOCHS must be a whole number >= 1, got '0'", e);
        e = assertThrows(IllegalArgumentException.class,
                () -> RunMode.from(Map.of("MNIST_LAB_TRAIN_LIMIT", "x"))).getMessage();
        assertEquals("MNIST_LAB_TRAIN_LIMIT must be a whole number >= 1, got 'x'", e);
    }
}
