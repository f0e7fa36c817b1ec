package org.mnistlab.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.mnistlab.augment.Augmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What makes a run the run it is: the training as structured fields ({@code training}: epochs, batch, optimiser,
 * schedule, augmentation, ...), the network's text form, the images it trained and validated on, its seed and the
 * engine that added up. A run writes it to {@code recipe.json} when it starts, so that a resume or a sweep can check it
 * continues the same run, and again inside {@code summary.json}.
 *
 * <p>{@code recipe} is {@link Experiment#describe()}'s prose, for people; it is compared only for a record written
 * before {@code training} existed. Names are never compared: a run made as a sweep variant is the same run when a
 * lesson later names its recipe.
 *
 * <p>Example: {@code RecipeRecord.of(experiment, 50_000, 10_000, 3).mismatch(recorded)}
 *
 * @param recipe            the recipe in words
 * @param training          the training as structured fields; null in a record written before they were recorded
 * @param architecture      the network's text form ({@code Architecture.toText()})
 * @param trainSamples      images trained on
 * @param validationSamples images held out to choose on; null when none were
 * @param seed              the run's seed
 * @param engine            the engine's name in {@code recipe.json} ({@code java-vector} or {@code dl4j}), its
 *                          description in {@code summary.json}; null where it is not compared
 * @param arithmetic        how the engine adds up ({@code Engine.arithmetic()}); null where it is not compared
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"recipe", "training", "architecture", "train_samples", "validation_samples", "seed", "engine",
        "arithmetic"})
public record RecipeRecord(@JsonProperty("recipe") String recipe,
                           @JsonProperty("training") JsonNode training,
                           @JsonProperty("architecture") String architecture,
                           @JsonProperty("train_samples") int trainSamples,
                           @JsonProperty("validation_samples") Integer validationSamples,
                           @JsonProperty("seed") long seed,
                           @JsonProperty("engine") String engine,
                           @JsonProperty("arithmetic") String arithmetic) {

    /** Field names in snake case, as in the rest of the run's files; the schedule's and augmentation's type by name. */
    private static final ObjectMapper TRAINING_JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    public RecipeRecord {
        Objects.requireNonNull(recipe, "recipe");
        Objects.requireNonNull(architecture, "architecture");
        if (trainSamples < 1) throw new IllegalArgumentException("train_samples must be >= 1, got " + trainSamples);
        if (validationSamples != null && validationSamples < 1) validationSamples = null;
    }

    /**
     * The record of {@code experiment} trained on {@code trainSamples} images, holding out {@code validationSamples}
     * (0: none), with {@code seed}; no engine yet ({@link #ranOn}).
     */
    public static RecipeRecord of(Experiment experiment, int trainSamples, int validationSamples, long seed) {
        return new RecipeRecord(experiment.describe(), training(experiment), experiment.architecture().toText(),
                trainSamples, validationSamples > 0 ? validationSamples : null, seed, null, null);
    }

    /** This record with the engine that trains it and how it adds up. */
    public RecipeRecord ranOn(String engineName, String engineArithmetic) {
        return new RecipeRecord(recipe, training, architecture, trainSamples, validationSamples, seed, engineName,
                engineArithmetic);
    }

    /** This record with {@code other}'s training as structured fields: to upgrade a record that has only prose. */
    public RecipeRecord withTrainingOf(RecipeRecord other) {
        return new RecipeRecord(recipe, other.training, architecture, trainSamples, validationSamples, seed, engine,
                arithmetic);
    }

    /** Whether the training is recorded as structured fields (not only as {@link #recipe()}'s prose). */
    public boolean hasTraining() {
        return training != null && !training.isNull();
    }

    /**
     * What differs between this record (what a run recorded) and the {@code expected} one, field by field, or null
     * when nothing does. The engine and arithmetic are compared only when {@code expected} gives them; the training as
     * structured fields when both have them, else the prose of the recipe.
     */
    public String mismatch(RecipeRecord expected) {
        List<String> differences = new ArrayList<>();
        if (hasTraining() && expected.hasTraining()) {
            differ("training", training, expected.training, differences);
        } else if (!withoutName(recipe, ": ").equals(withoutName(expected.recipe, ": "))) {
            differences.add("recipe '" + recipe + "', not '" + expected.recipe + "'");
        }
        if (!withoutName(architecture, " ").equals(withoutName(expected.architecture, " "))) {
            differences.add("architecture '" + architecture + "', not '" + expected.architecture + "'");
        }
        if (trainSamples != expected.trainSamples) {
            differences.add("train_samples " + trainSamples + ", not " + expected.trainSamples);
        }
        if (validations() != expected.validations()) {
            differences.add("validation_samples " + validations() + ", not " + expected.validations());
        }
        if (seed != expected.seed) differences.add("seed " + seed + ", not " + expected.seed);
        if (expected.engine != null && !expected.engine.equals(engine)) {
            differences.add("engine '" + engine + "', not '" + expected.engine + "'");
        }
        if (expected.arithmetic != null && !expected.arithmetic.equals(arithmetic)) {
            differences.add("arithmetic '" + arithmetic + "', not '" + expected.arithmetic + "'");
        }
        return differences.isEmpty() ? null : String.join("; ", differences);
    }

    /** Each field of {@code got} that differs from {@code want}'s, by its path: {@code training.batch_size 64, not 128}. */
    private static void differ(String path, JsonNode got, JsonNode want, List<String> differences) {
        if (got.equals(want)) return;
        if (got.isObject() && want.isObject()) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            want.fieldNames().forEachRemaining(names::add);
            got.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                differ(path + "." + name, got.path(name), want.path(name), differences);
            }
        } else {
            differences.add(path + " " + text(got) + ", not " + text(want));
        }
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() ? "(none)" : node.toString();
    }

    private int validations() {
        return validationSamples == null ? 0 : validationSamples;
    }

    /** The training of {@code experiment} as structured fields: everything it trains with but its name and network. */
    static JsonNode training(Experiment experiment) {
        Training t = new Training(experiment.epochs(), experiment.batchSize(), experiment.optimizer(),
                experiment.schedule(), experiment.weightDecay(), experiment.labelSmoothing(), experiment.augmentation(),
                experiment.weightAverage());
        try {
            // Through text, so that it equals a record read back from a file number for number (a float fill too).
            return TRAINING_JSON.readTree(TRAINING_JSON.writeValueAsString(t));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record the training of " + experiment.name(), e);
        }
    }

    private record Training(int epochs, int batchSize, Optimizer optimizer, LrSchedule schedule, double weightDecay,
                            double labelSmoothing, Augmentation augmentation, double weightAverage) {
    }

    /** The text after the name it starts with (up to the first {@code separator}); the whole text when it has none. */
    private static String withoutName(String text, String separator) {
        int cut = text.indexOf(separator);
        return cut < 0 ? text : text.substring(cut + separator.length());
    }
}
