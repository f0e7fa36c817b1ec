package org.mnistlab.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.util.Objects;

/**
 * {@code summary.json}: what a finished run of this library says about itself. Its keys lie flat in one object, the
 * figures first, then the verdict, what made the run ({@link RecipeRecord}) and where it ran
 * ({@link RunEnvironment}). {@code schema} is {@value #SCHEMA}; a summary written before the field existed reads as
 * schema 1, which has no {@code training} in its recipe.
 *
 * <p>Example: {@code RunSummary s = RunRecord.readSummary(dir); s.figures().minTestAccuracyOfLast3()}
 *
 * @param schema      the version of this form
 * @param experiment  the recipe's name
 * @param figures     the headline figures
 * @param target      the target in words
 * @param targetMet   whether the run met it
 * @param verdict     the verdict in words
 * @param seconds     seconds of training and evaluation
 * @param recipeRecord what made the run; its {@code engine} is the engine's description
 * @param testSamples images it was tested on
 * @param environment where it ran
 */
@JsonPropertyOrder({"schema", "experiment"})
public record RunSummary(@JsonProperty("schema") int schema,
                         @JsonProperty("experiment") String experiment,
                         @JsonUnwrapped RunFigures figures,
                         @JsonProperty("target") String target,
                         @JsonProperty("target_met") boolean targetMet,
                         @JsonProperty("verdict") String verdict,
                         @JsonProperty("seconds") double seconds,
                         @JsonUnwrapped RecipeRecord recipeRecord,
                         @JsonProperty("test_samples") int testSamples,
                         @JsonUnwrapped RunEnvironment environment) implements RunFacts {

    /** The version this code writes. */
    public static final int SCHEMA = 2;

    public RunSummary {
        if (schema == 0) schema = 1; // written before summaries had a version
        if (schema > SCHEMA) {
            throw new IllegalArgumentException("a summary of schema " + schema + ", newer than this code's " + SCHEMA
                    + ": update MNIST Lab to read it");
        }
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(figures, "figures");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(recipeRecord, "recipe record");
        Objects.requireNonNull(environment, "environment");
    }

    /**
     * The summary of a finished run of {@code experiment}: its {@code history}, judged by {@code verdict}, made by
     * {@code recipe} (with the engine's description) and tested on {@code testSamples} images, in {@code environment}.
     */
    public static RunSummary of(String experiment, TrainingHistory history, TargetVerdict verdict, double seconds,
                                RecipeRecord recipe, int testSamples, RunEnvironment environment) {
        if (verdict.target().lastEpochs() != RunFigures.LAST_EPOCHS) {
            throw new IllegalArgumentException("summary.json records the last " + RunFigures.LAST_EPOCHS
                    + " epochs; the target judges the last " + verdict.target().lastEpochs());
        }
        return new RunSummary(SCHEMA, experiment, RunFigures.of(history, verdict.trainableParams()),
                verdict.target().describe(), verdict.met(), verdict.describe(), Math.round(seconds * 10) / 10.0,
                recipe, testSamples, environment);
    }

    /** This summary with its recipe replaced: the same run, recorded with {@code upgraded}'s structured training. */
    public RunSummary withRecipe(RecipeRecord upgraded) {
        return new RunSummary(SCHEMA, experiment, figures, target, targetMet, verdict, seconds, upgraded, testSamples,
                environment);
    }

    @Override
    public long trainableParams() {
        return figures.trainableParams();
    }

    @Override
    public String engine() {
        return recipeRecord.engine();
    }

    @Override
    public int threads() {
        return environment.threads();
    }

    @Override
    public String cpu() {
        return environment.cpu();
    }
}
