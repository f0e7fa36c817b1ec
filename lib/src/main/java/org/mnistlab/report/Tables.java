package org.mnistlab.report;

import org.mnistlab.model.ModelSummary;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Target;
import org.mnistlab.train.TrainingHistory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;

/**
 * The tables of the notebooks and the CLI as Tablesaw tables, their number columns carrying fixed-decimal print
 * formats (losses 4 decimals, accuracies 2, learning rates 6), so {@link Html#of} and {@link TextTable#of} print
 * them the same way everywhere. The table's name is its caption.
 *
 * <p>Example: {@code Display.auto().show(Tables.history(history))}
 */
public final class Tables {

    private Tables() {
    }

    /** One row per epoch: Epoch, Train loss, Train acc %, Test loss, Test acc %, LR, Seconds, Samples/s. */
    public static Table history(TrainingHistory history) {
        List<EpochMetrics> e = history.epochs();
        Table t = Table.create("Training history",
                IntColumn.create("Epoch", e.stream().mapToInt(EpochMetrics::epoch).toArray()),
                decimals(DoubleColumn.create("Train loss", e.stream().mapToDouble(EpochMetrics::trainLoss)), 4),
                decimals(DoubleColumn.create("Train acc %", e.stream().mapToDouble(EpochMetrics::trainAccuracy)), 2));
        if (history.hasValidation()) { // the figures that choose, before the test's, which only judge
            t.addColumns(
                    decimals(DoubleColumn.create("Val loss", e.stream().mapToDouble(EpochMetrics::validationLoss)), 4),
                    decimals(DoubleColumn.create("Val acc %", e.stream().mapToDouble(EpochMetrics::validationAccuracy)),
                            2));
        }
        t.addColumns(
                decimals(DoubleColumn.create("Test loss", e.stream().mapToDouble(EpochMetrics::testLoss)), 4),
                decimals(DoubleColumn.create("Test acc %", e.stream().mapToDouble(EpochMetrics::testAccuracy)), 2),
                decimals(DoubleColumn.create("LR", e.stream().mapToDouble(EpochMetrics::learningRate)), 6),
                decimals(DoubleColumn.create("Seconds", e.stream().mapToDouble(EpochMetrics::seconds)), 1),
                decimals(DoubleColumn.create("Samples/s", e.stream().mapToDouble(EpochMetrics::samplesPerSecond)), 0));
        return t;
    }

    /**
     * One row per layer (#, Layer, Kind, Output shape, Params, RF) and a closing "Total" row with the trainable
     * parameters; the caption names the model, its input and the trainable / non-trainable split.
     */
    public static Table summary(ModelSummary summary) {
        List<ModelSummary.Row> rows = summary.rows();
        IntColumn index = IntColumn.create("#");
        StringColumn layer = StringColumn.create("Layer");
        StringColumn kind = StringColumn.create("Kind");
        StringColumn shape = StringColumn.create("Output shape");
        LongColumn params = LongColumn.create("Params");
        IntColumn rf = IntColumn.create("RF");
        for (ModelSummary.Row r : rows) {
            index.append(r.index());
            layer.append(r.name());
            kind.append(r.kind());
            shape.append(r.outputShape());
            params.append(r.trainableParams());
            rf.append(r.receptiveField());
        }
        index.appendMissing();
        layer.append("Total");
        kind.append("");
        shape.append("");
        params.append(summary.trainableParams());
        rf.appendMissing();
        decimals(params, 0);
        String caption = String.format(Locale.ROOT,
                "Model %s, input %s: %,d trainable parameters, %,d non-trainable (BatchNorm running statistics)",
                summary.modelName(), summary.inputShape(), summary.trainableParams(), summary.nonTrainableParams());
        return Table.create(caption, index, layer, kind, shape, params, rf);
    }

    /**
     * One row per run: Experiment, Seed, Params, Best train acc, Best test acc, Min test acc (last 3), Epochs,
     * Target (✓ or ✗).
     */
    public static Table comparison(List<ExperimentOutcome> outcomes) {
        StringColumn name = StringColumn.create("Experiment");
        LongColumn seed = LongColumn.create("Seed");
        LongColumn params = LongColumn.create("Params");
        DoubleColumn bestTrain = DoubleColumn.create("Best train acc");
        DoubleColumn bestTest = DoubleColumn.create("Best test acc");
        DoubleColumn minLast = DoubleColumn.create("Min test acc (last " + Target.standard().lastEpochs() + ")");
        IntColumn epochs = IntColumn.create("Epochs");
        StringColumn target = StringColumn.create("Target");
        for (ExperimentOutcome o : outcomes) {
            name.append(o.experiment());
            seed.append(o.seed());
            params.append(o.trainableParams());
            bestTrain.append(o.history().bestTrainAccuracy());
            bestTest.append(o.history().bestTestAccuracy());
            minLast.append(o.history().minTestAccuracyOfLast(Target.standard().lastEpochs()));
            epochs.append(o.history().size());
            target.append(o.targetMet() ? "✓" : "✗");
        }
        return Table.create("Experiments", name, seed, decimals(params, 0), decimals(bestTrain, 2), decimals(bestTest, 2),
                decimals(minLast, 2), epochs, target);
    }

    /**
     * Sets a fixed number of decimals (with thousands separators) on a number column, independent of the JVM's
     * locale, so a table reads the same on every machine.
     */
    public static <C extends tech.tablesaw.api.NumericColumn<?>> C decimals(C column, int decimals) {
        String pattern = decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals);
        DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        column.setPrintFormatter(new NumberColumnFormatter(format, ""));
        return column;
    }
}
