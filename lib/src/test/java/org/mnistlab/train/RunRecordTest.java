package org.mnistlab.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistlab.model.Architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunRecordTest {

    private static final Experiment FIVE = Experiments.augmentation();

    @Test
    void aRecipeIsTheSameUnderAnotherNameButNotWithAnotherSetting() {
        RecipeRecord recorded = RecipeRecord.of(FIVE, 50_000, 10_000, 3);
        RecipeRecord renamed = RecipeRecord.of(FIVE.toBuilder().name("06-renamed")
                .model(Architecture.parse("other-name " + FIVE.architecture().toText().split(" ", 2)[1])).build(),
                50_000, 10_000, 3);
        assertNull(recorded.mismatch(renamed));

        String difference = recorded.mismatch(RecipeRecord.of(FIVE.toBuilder().batchSize(64).build(), 50_000, 10_000, 3));
        assertNotNull(difference);
        assertEquals("training.batch_size 128, not 64", difference);
        assertEquals("seed 3, not 4", recorded.mismatch(RecipeRecord.of(FIVE, 50_000, 10_000, 4)));
        assertEquals("validation_samples 10000, not 0", recorded.mismatch(RecipeRecord.of(FIVE, 50_000, 0, 3)));
        assertNotNull(recorded.mismatch(RecipeRecord.of(FIVE.withAugmentation(
                new org.mnistlab.augment.RandomRotation(7, -0.42421296f)), 50_000, 10_000, 3)), "another augmentation");
    }

    /** The identity is the structured fields: a recipe recorded with other prose is still the same recipe. */
    @Test
    void rewordingTheRecipesProseDoesNotChangeWhichRunItIs() {
        RecipeRecord now = RecipeRecord.of(FIVE, 50_000, 10_000, 3);
        RecipeRecord reworded = new RecipeRecord("05-augmentation: other words for the same recipe", now.training(),
                now.architecture(), now.trainSamples(), now.validationSamples(), now.seed(), null, null);
        assertNull(reworded.mismatch(now));
        assertTrue(now.training().get("schedule").get("type").asText().equals("ConstantLr"), now.training().toString());
        assertEquals("RandomAffine", now.training().get("augmentation").get("type").asText());
    }

    @Test
    void theEngineAndItsArithmeticCountOnlyWhenExpected() {
        RecipeRecord recorded = RecipeRecord.of(FIVE, 50_000, 10_000, 3).ranOn("java-vector", "16-lane");
        assertNull(recorded.mismatch(RecipeRecord.of(FIVE, 50_000, 10_000, 3)), "a sweep runs on either engine");
        assertEquals("arithmetic '16-lane', not '8-lane'",
                recorded.mismatch(RecipeRecord.of(FIVE, 50_000, 10_000, 3).ranOn("java-vector", "8-lane")));
    }

    @Test
    void aSummaryAndARecipeReadBackAsWritten(@TempDir Path dir) throws IOException {
        TrainingHistory h = new TrainingHistory(List.of(
                EpochMetrics.of(1).train(0.2, 97).validation(0.05, 99.1).test(0.04, 99.2).learningRate(0.1).took(10, 5000).build(),
                EpochMetrics.of(2).train(0.1, 98).validation(0.04, 99.3).test(0.03, 99.41).learningRate(0.1).took(10, 5000).build(),
                EpochMetrics.of(3).train(0.1, 99).validation(0.03, 99.5).test(0.03, 99.45).learningRate(0.1).took(10, 5000).build()));
        RunSummary summary = RunSummaries.of("05-augmentation", h, 6_044, 3);
        RunRecord.writeSummary(dir, summary);
        assertEquals(summary, RunRecord.readSummary(dir));
        assertEquals(99.2, summary.figures().minTestAccuracyOfLast3());
        assertEquals(99.5, summary.figures().bestValidationAccuracy());
        String json = Files.readString(dir.resolve(RunRecord.SUMMARY));
        assertTrue(json.startsWith("{\n  \"schema\" : 2,\n  \"experiment\" : \"05-augmentation\",\n  \"trainable_params\""),
                json);
        assertTrue(json.contains("\"min_test_acc_last_3\" : 99.2,"), json);
        assertEquals(Target.standard().lastEpochs(), RunFigures.LAST_EPOCHS, "the key names the target's epochs");

        RunRecord.writeRecipe(dir, summary.recipeRecord());
        assertEquals(summary.recipeRecord(), RunRecord.readRecipe(dir));
        assertTrue(Files.readString(dir.resolve(RunRecord.RECIPE)).startsWith("{\n  \"schema\" : 2,"));
    }

    /** Files written before runs recorded a schema and their training's fields: read, and compared on the prose. */
    @Test
    void aSchemaOneRecordIsReadAndComparedOnItsProse(@TempDir Path dir) throws IOException {
        RecipeRecord now = RecipeRecord.of(FIVE, 50_000, 10_000, 3);
        Files.writeString(dir.resolve(RunRecord.RECIPE), """
                {
                  "recipe" : "%s",
                  "architecture" : "%s",
                  "train_samples" : 50000,
                  "validation_samples" : 10000,
                  "seed" : 3,
                  "engine" : "java-vector",
                  "arithmetic" : "16-lane"
                }""".formatted(FIVE.describe(), FIVE.architecture().toText()));
        RecipeRecord old = RunRecord.readRecipe(dir);
        assertFalse(old.hasTraining());
        assertNull(old.mismatch(now));
        assertNotNull(old.mismatch(RecipeRecord.of(FIVE.withLabelSmoothing(0.1), 50_000, 10_000, 3)));
        assertEquals(now.training(), old.withTrainingOf(now).training(), "upgraded by the sweep that checked it");
    }

    @Test
    void aNewerSchemaOrAFileOfAnotherKindIsRefusedClearly(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(RunRecord.SUMMARY), "{\"schema\": 9, \"experiment\": \"x\"}");
        IOException newer = assertThrows(IOException.class, () -> RunRecord.readSummary(dir));
        assertTrue(newer.getMessage().contains("schema 9"), newer.getMessage());
        Files.writeString(dir.resolve(RunRecord.SUMMARY), "{\"engine\": \"pytorch\", \"args\": {}}");
        IOException other = assertThrows(IOException.class, () -> RunRecord.readSummary(dir));
        assertTrue(other.getMessage().contains("is not a run's summary"), other.getMessage());
    }
}
