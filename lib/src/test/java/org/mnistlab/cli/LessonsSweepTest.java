package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.mnistlab.report.Results;
import org.mnistlab.train.Experiment;
import org.mnistlab.train.Experiments;
import org.mnistlab.train.RunRecord;
import org.mnistlab.train.RecipeRecord;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The lessons sweep trains each lesson's experiment, in lesson order, each measured against the step before it. */
class LessonsSweepTest {

    @Test
    void everyLessonExperimentIsAVariantOfTheLessonsSweepUnderItsOwnName() throws Exception {
        SweepSpec spec = SweepSpec.read(Results.find().dir().resolve(Results.SWEEPS).resolve(Results.LESSONS)
                .resolve("sweep.txt"));
        List<String> lessons = Experiments.all().stream().map(Experiment::name)
                .filter(name -> !name.equals(Experiments.oneCycle().name()))
                .filter(name -> !name.equals(Experiments.smallest().name())).toList();
        assertEquals(lessons, spec.variants().stream().map(SweepSpec.Variant::name).toList(),
                "08-one-cycle is the raw weights of 09-weight-average's runs; 11-smallest has its own search");
        for (SweepSpec.Variant v : spec.variants()) {
            assertEquals(true, v.validation(), v.name() + " holds out the validation images");
            Experiment e = Experiments.byName(v.name());
            assertNull(RecipeRecord.of(v.recipe(), 50_000, 10_000, 1).mismatch(RecipeRecord.of(e, 50_000, 10_000, 1)),
                    v.name());
        }
    }
}
