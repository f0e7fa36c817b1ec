package org.mnistlab.cli;

import org.mnistlab.data.ValidationSplit;
import org.mnistlab.train.Checkpoints;
import org.mnistlab.train.RecipeRecord;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RunSummary;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One seed of one sweep variant, trained into {@code dir}, and where it stands: finished, interrupted, being trained
 * by another process, or new.
 *
 * <p>Example: {@code new SweepRun(variant, 3, spec.dir().resolve("final/3")).state()}
 */
record SweepRun(SweepSpec.Variant variant, long seed, Path dir) {

    /** MNIST's training images: what a run without {@code --limit} trains on. */
    static final int FULL_TRAINING_SET = 60_000;

    /** Where a run stands before the sweep starts. */
    enum State { FINISHED, INTERRUPTED, RUNNING_ELSEWHERE, NEW }

    /** E.g. {@code final/3}. */
    String label() {
        return variant.name() + "/" + seed;
    }

    /** What follows {@code train}: the variant's options, its seed and folder. */
    List<String> trainArgs(boolean resume) {
        List<String> args = new ArrayList<>(variant.args());
        args.addAll(List.of("--seed", Long.toString(seed), "--out", dir.toString()));
        if (resume) args.add("--resume");
        return args;
    }

    /**
     * Finished (a summary of this variant's recipe), interrupted (a checkpoint to resume), being trained by another
     * process (its folder is locked), or new. A run of another recipe is an error: the spec changed under its
     * results.
     */
    State state() throws IOException {
        Path summaryFile = dir.resolve(RunRecord.SUMMARY);
        if (Files.isRegularFile(summaryFile)) {
            requireSameRecipe(RunRecord.readSummary(dir).recipeRecord(), "a finished run");
            return State.FINISHED;
        }
        if (lockedElsewhere()) return State.RUNNING_ELSEWHERE;
        if (!Checkpoints.in(dir.resolve("checkpoints")).hasState()) return State.NEW;
        Path recipe = dir.resolve(RunRecord.RECIPE);
        if (Files.isRegularFile(recipe)) {
            RecipeRecord recorded = RunRecord.readRecipe(recipe);
            requireSameRecipe(recorded, "an interrupted run");
            // train --resume refuses to continue a run with code that adds up differently; say so here, once.
            if (recorded.arithmetic() == null) {
                throw new IllegalArgumentException(dir + " holds an interrupted run made before runs recorded "
                        + "their arithmetic (so before the 16-lane engine): delete that folder to re-run it");
            }
        }
        return State.INTERRUPTED;
    }

    /** What differs between this run and the recipe a run recorded, or null when nothing does. */
    String mismatch(RecipeRecord recorded) {
        return recorded.mismatch(expected());
    }

    /** The recipe this run trains, without the engine (a sweep may run on either). */
    RecipeRecord expected() {
        Integer limit = variant.limit();
        int samples = limit == null ? FULL_TRAINING_SET : Math.min(limit, FULL_TRAINING_SET);
        int validation = variant.validation() ? ValidationSplit.count(samples) : 0;
        return RecipeRecord.of(variant.recipe(), samples - validation, validation, seed);
    }

    /**
     * Records a finished run's training as structured fields when it recorded only its prose (schema 1), in its
     * {@code summary.json} and {@code recipe.json}; true when it did. Only a run whose prose matches this variant's
     * (checked by {@link #state()}) is upgraded, so the fields are the ones it trained with.
     */
    boolean upgradeRecords() throws IOException {
        RunSummary summary = RunRecord.readSummary(dir);
        if (summary.recipeRecord().hasTraining()) return false;
        requireSameRecipe(summary.recipeRecord(), "a finished run");
        RecipeRecord training = expected();
        RunRecord.writeSummary(dir, summary.withRecipe(summary.recipeRecord().withTrainingOf(training)));
        Path recipe = dir.resolve(RunRecord.RECIPE);
        if (Files.isRegularFile(recipe)) {
            RunRecord.writeRecipe(dir, RunRecord.readRecipe(recipe).withTrainingOf(training));
        }
        return true;
    }

    /** The epochs its {@code history.csv} holds now; 0 while there is none or it is being replaced. */
    int epochs() {
        Path history = dir.resolve(RunRecord.HISTORY);
        if (!Files.isRegularFile(history)) return 0;
        try {
            return RunRecord.readHistory(history).size();
        } catch (IOException | RuntimeException e) {
            return 0; // being rewritten: counted on the next look
        }
    }

    /** The epochs its recipe trains. */
    int plannedEpochs() {
        return variant.recipe().epochs();
    }

    private void requireSameRecipe(RecipeRecord recorded, String what) {
        String problem = mismatch(recorded);
        if (problem != null) {
            throw new IllegalArgumentException(dir + " holds " + what + " of another recipe (" + problem
                    + "); give the variant a new name, or delete that folder to re-run it");
        }
    }

    /** Whether another process holds the run folder's lock, i.e. is training into it now. */
    private boolean lockedElsewhere() {
        Path lock = dir.resolve(TrainCommand.LOCK);
        if (!Files.isRegularFile(lock)) return false;
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) return true;
            held.release();
            return false;
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }
}
