package org.mnistlab.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The headline figures of a finished run, accuracies in percent rounded to four decimals, as {@code summary.json}
 * names them. The "best" epoch is the one with the best validation accuracy when the run held out validation images
 * (choices are made on those), else the best test accuracy.
 *
 * <p>Example: {@code RunFigures.of(history, 7_772).minTestAccuracyOfLast3()}
 *
 * @param trainableParams           trainable parameters of the network
 * @param epochs                    epochs trained
 * @param bestTestAccuracy          test accuracy of the best epoch
 * @param bestEpoch                 the best epoch
 * @param finalTestAccuracy         test accuracy of the last epoch
 * @param minTestAccuracyOfLast3    the lowest test accuracy of the last {@value #LAST_EPOCHS} epochs: the target's figure
 * @param bestTrainAccuracy         the best training accuracy of any epoch
 * @param bestValidationAccuracy    validation accuracy of the best epoch; null without validation
 * @param minValidationAccuracyOfLast3 the lowest validation accuracy of the last {@value #LAST_EPOCHS} epochs; null
 *                                  without validation
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"trainable_params", "epochs", "best_test_acc", "best_epoch", "final_test_acc",
        "min_test_acc_last_3", "best_train_acc", "best_val_acc", "min_val_acc_last_3"})
public record RunFigures(@JsonProperty("trainable_params") long trainableParams,
                         @JsonProperty("epochs") int epochs,
                         @JsonProperty("best_test_acc") double bestTestAccuracy,
                         @JsonProperty("best_epoch") int bestEpoch,
                         @JsonProperty("final_test_acc") double finalTestAccuracy,
                         @JsonProperty("min_test_acc_last_3") double minTestAccuracyOfLast3,
                         @JsonProperty("best_train_acc") double bestTrainAccuracy,
                         @JsonProperty("best_val_acc") Double bestValidationAccuracy,
                         @JsonProperty("min_val_acc_last_3") Double minValidationAccuracyOfLast3) {

    /** The epochs the "last" figures span: the standard target's, which the keys name. */
    public static final int LAST_EPOCHS = 3;

    public RunFigures {
        if (trainableParams < 1) throw new IllegalArgumentException("trainable_params must be >= 1, got " + trainableParams);
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }

    /** The figures of {@code history}, a run of a network with {@code trainableParams} parameters. */
    public static RunFigures of(TrainingHistory history, long trainableParams) {
        EpochMetrics best = history.best().orElseThrow(() -> new IllegalArgumentException("empty history"));
        boolean validation = history.hasValidation();
        return new RunFigures(trainableParams, history.size(), round(best.testAccuracy()), best.epoch(),
                round(history.last().testAccuracy()), round(history.minTestAccuracyOfLast(LAST_EPOCHS)),
                round(history.bestTrainAccuracy()), validation ? round(best.validationAccuracy()) : null,
                validation ? round(history.minValidationAccuracyOfLast(LAST_EPOCHS)) : null);
    }

    private static double round(double percent) {
        return Math.round(percent * 10000) / 10000.0;
    }
}
