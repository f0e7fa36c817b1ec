package org.mnistlab.train;

/** Summaries of made-up runs, for tests that lay out run folders. */
public final class RunSummaries {

    private RunSummaries() {
    }

    /** The summary a run of the final recipe's training with {@code params} parameters and this history would write. */
    public static RunSummary of(String experiment, TrainingHistory history, long params, long seed) {
        TargetVerdict verdict = Target.standard().judge(history, params);
        RecipeRecord recipe = RecipeRecord.of(Experiments.finalRecipe(), 50_000, history.hasValidation() ? 10_000 : 0,
                seed).ranOn("java-vector (512-bit vectors, 1 thread)", "16-lane");
        return RunSummary.of(experiment, history, verdict, 100, recipe, 10_000,
                new RunEnvironment("CPU", "onednn-generic", 1, "test cpu", "none", "0000000", "17"));
    }
}
