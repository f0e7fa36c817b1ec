package org.mnistlab.notebook;

import org.mnistlab.data.MnistData;
import org.mnistlab.report.ChartImage;
import org.mnistlab.report.Charts;
import org.mnistlab.train.Experiment;
import org.mnistlab.train.RunMode;
import org.mnistlab.train.Target;
import org.mnistlab.train.TrainingHistory;
import org.mnistlab.train.TrainingResult;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A lesson's "Try it yourself" run: the student's recipe, trained like the lesson's run, then set beside it. The
 * live chart of the training turns into the comparison of the two when training ends, so the cell keeps one picture;
 * runs that hold out validation images are compared on them (the test set only judges). One seed is a hint, never a
 * verdict, and the sentence under the chart says so.
 *
 * <p>Example: {@code Lab.tryIt(mine, "yours: lr 0.05").against(run, "lesson: lr 0.01").train(mnist, mode, 1);}
 */
public final class TryIt {

    private final Experiment mine;
    private final String name;
    private final TrainingResult lessonRun;
    private final String lessonName;

    TryIt(Experiment mine, String name, TrainingResult lessonRun, String lessonName) {
        this.mine = Objects.requireNonNull(mine, "mine");
        this.name = Objects.requireNonNull(name, "name");
        this.lessonRun = lessonRun;
        this.lessonName = lessonName;
    }

    /** The lesson's run this one is set beside, and its name in the chart's legend. */
    public TryIt against(TrainingResult lessonRun, String lessonName) {
        return new TryIt(mine, name, Objects.requireNonNull(lessonRun, "lessonRun"),
                Objects.requireNonNull(lessonName, "lessonName"));
    }

    /** Trains the recipe in {@code mode} with {@code seed}, shows the comparison, and returns the run. */
    public TrainingResult train(MnistData data, RunMode mode, long seed) {
        if (lessonRun == null) {
            throw new IllegalStateException("say which run to compare with: Lab.tryIt(mine, \"" + name
                    + "\").against(run, \"lesson\").train(mnist, mode, 1)");
        }
        LiveTraining live = new LiveTraining().withFinalChart(this::comparison);
        TrainingResult run = Lab.train(mine, mine.architecture().build(seed), data, mode, seed, live);
        Notebook.markdown(String.format(Locale.ROOT, "* **%s:** %s\n* **%s:** %s\n\nOne seed%s: a hint, not a "
                        + "verdict. The seeds of a full run decide (`./mnistlab run sweep` trains any change on "
                        + "several).", lessonName,
                Lab.describe(lessonRun.history(), lessonRun.network().trainableParameters()), name,
                Lab.describe(run.history(), run.network().trainableParameters()),
                run.history().size() < Target.standard().maxEpochs() ? " in a short run" : ""));
        return run;
    }

    private ChartImage comparison(TrainingHistory mineSoFar) {
        Map<String, TrainingHistory> curves = new LinkedHashMap<>();
        curves.put(lessonName, lessonRun.history());
        curves.put(name, mineSoFar);
        return lessonRun.history().hasValidation() && mineSoFar.hasValidation()
                ? Charts.validationAccuracyComparison(curves, 840, 420)
                : Charts.testAccuracyComparison(curves, 840, 420);
    }
}
