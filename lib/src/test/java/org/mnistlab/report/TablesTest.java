package org.mnistlab.report;

import org.junit.jupiter.api.Test;
import org.mnistlab.model.ModelSummary;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.TrainingHistory;
import tech.tablesaw.api.Table;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TablesTest {

    @Test
    void historyHasOneRowPerEpochWithFixedDecimals() {
        Table t = Tables.history(new TrainingHistory(List.of(
                new EpochMetrics(1, 0.123456, 95.5, 0.05, 98.7654, 0.0123456789, 12.34, 6012.4),
                new EpochMetrics(2, 0.0388, 98.83, 0.0330, 99.05, 0.001042, 10.0, 6000))));
        assertEquals(List.of("Epoch", "Train loss", "Train acc %", "Test loss", "Test acc %", "LR", "Seconds",
                "Samples/s"), t.columnNames());
        assertEquals(2, t.rowCount());
        assertEquals("1", t.column("Epoch").getString(0));
        assertEquals("0.1235", t.column("Train loss").getString(0));
        assertEquals("95.50", t.column("Train acc %").getString(0));
        assertEquals("0.0500", t.column("Test loss").getString(0));
        assertEquals("98.77", t.column("Test acc %").getString(0));
        assertEquals("0.012346", t.column("LR").getString(0));
        assertEquals("12.3", t.column("Seconds").getString(0));
        assertEquals("6,012", t.column("Samples/s").getString(0));
        assertEquals("0.001042", t.column("LR").getString(1));
    }

    @Test
    void historyWithValidationShowsItBeforeTheTest() {
        Table t = Tables.history(new TrainingHistory(List.of(
                new EpochMetrics(1, 0.5, 90.0, 0.0812345, 96.914, 0.07, 97.59, 0.01, 10.0, 5000))));
        assertEquals(List.of("Epoch", "Train loss", "Train acc %", "Val loss", "Val acc %", "Test loss", "Test acc %",
                "LR", "Seconds", "Samples/s"), t.columnNames());
        assertEquals("0.0812", t.column("Val loss").getString(0));
        assertEquals("96.91", t.column("Val acc %").getString(0));
        assertEquals("97.59", t.column("Test acc %").getString(0));
    }

    @Test
    void summaryListsLayersThenTotalAndCaptionsTheSplit() {
        ModelSummary s = new ModelSummary("gap", "1x28x28", List.of(
                new ModelSummary.Row(0, "conv1", "Conv 3x3, 1->8, no bias", "8x26x26", 72, 3),
                new ModelSummary.Row(1, "bn1", "BatchNorm", "8x26x26", 16, 3),
                new ModelSummary.Row(2, "fc", "Dense 8->10", "10", 7_762, 28)), 7_850, 16);
        Table t = Tables.summary(s);
        assertEquals(List.of("#", "Layer", "Kind", "Output shape", "Params", "RF"), t.columnNames());
        assertEquals(4, t.rowCount());
        assertEquals("conv1", t.stringColumn("Layer").get(0));
        assertEquals("7,762", t.column("Params").getString(2));
        assertEquals("Total", t.stringColumn("Layer").get(3));
        assertEquals("7,850", t.column("Params").getString(3));
        assertTrue(t.column("#").isMissing(3) && t.column("RF").isMissing(3));
        assertEquals("Model gap, input 1x28x28: 7,850 trainable parameters, 16 non-trainable (BatchNorm running "
                + "statistics)", t.name());
        String text = TextTable.of(t);
        assertTrue(text.lines().anyMatch(l -> l.matches("\\s+Total\\s+7,850")), text);
    }

    @Test
    void comparisonShowsBestMinOfLastThreeAndTarget() {
        TrainingHistory met = history(98.0, 99.45, 99.52, 99.41, 99.47);
        TrainingHistory missed = history(97.0, 99.4, 99.5, 99.3);
        Table t = Tables.comparison(List.of(
                new ExperimentOutcome("gap + BN", 42, 7_850, met, true),
                new ExperimentOutcome("no BN", 7, 12_345, missed, false)));
        assertEquals(List.of("Experiment", "Seed", "Params", "Best train acc", "Best test acc", "Min test acc (last 3)",
                "Epochs", "Target"), t.columnNames());
        assertEquals("gap + BN", t.stringColumn("Experiment").get(0));
        assertEquals("42", t.column("Seed").getString(0));
        assertEquals("7,850", t.column("Params").getString(0));
        assertEquals("99.52", t.column("Best test acc").getString(0));
        assertEquals("99.41", t.column("Min test acc (last 3)").getString(0));
        assertEquals("5", t.column("Epochs").getString(0));
        assertEquals("✓", t.stringColumn("Target").get(0));
        assertEquals("99.30", t.column("Min test acc (last 3)").getString(1));
        assertEquals("99.50", t.column("Best test acc").getString(1));
        assertEquals("✗", t.stringColumn("Target").get(1));
        assertEquals("98.52", t.column("Best train acc").getString(0));
    }

    @Test
    void textTableAlignsNumbersRightAndTextLeft() {
        Table t = Tables.comparison(List.of(
                new ExperimentOutcome("a", 1, 100, history(99.5), true),
                new ExperimentOutcome("longer name", 1, 12_345, history(98.25), false)));
        List<String> lines = TextTable.of(t).lines().toList();
        assertEquals("Experiments", lines.get(0));
        assertTrue(lines.get(1).startsWith("Experiment   "), lines.get(1));
        assertTrue(lines.get(2).matches("-+"));
        // "Params" is right-aligned: the short number ends where the long one does.
        int end1 = lines.get(3).indexOf("100") + 3;
        int end2 = lines.get(4).indexOf("12,345") + 6;
        assertEquals(end1, end2, String.join("\n", lines));
        assertTrue(lines.get(3).startsWith("a            "), lines.get(3));
        assertTrue(lines.get(3).endsWith("✓") && lines.get(4).endsWith("✗"));
    }

    @Test
    void htmlRightAlignsNumbersAndEscapesText() {
        Table t = Tables.comparison(List.of(new ExperimentOutcome("<b>&x", 1, 7_850, history(99.5), true)));
        String html = Html.of(t);
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<caption"), html);
        assertTrue(html.contains(">&lt;b&gt;&amp;x</td>"), html);
        assertTrue(html.contains("<td>7,850</td>"), "a number carries no style: Jupyter right-aligns it\n" + html);
        assertTrue(html.contains("<td style=\"text-align:left\">&lt;b&gt;&amp;x</td>"), html);
        assertTrue(html.contains("text-align:left\">Experiment</th>"), html);
        assertTrue(html.contains("text-align:right\">Params</th>"), html);
        assertTrue(html.contains(">✓</td>") && html.contains("color:#009E73"), html);
    }

    private static TrainingHistory history(double... testAcc) {
        TrainingHistory h = TrainingHistory.empty();
        for (int i = 0; i < testAcc.length; i++) {
            h = h.plus(new EpochMetrics(i + 1, 0.1, testAcc[i] - 1, 0.05, testAcc[i], 0.01, 10, 6000));
        }
        return h;
    }
}
