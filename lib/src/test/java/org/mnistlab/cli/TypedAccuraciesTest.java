package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.mnistlab.report.Results;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every accuracy typed in the README, in the pages in docs/ and in the notebooks' text is bound to the one result it
 * quotes: {@value TypedAccuracies#LEDGER} names, for each figure of each text, its source in {@code results/} (a run's
 * summary, a sweep's row, an epoch of a history, a bench's printout; see {@link FigureSources}), and that source must
 * still give the figure. A figure typed without its source, a source that no longer gives it, and a ledger line whose
 * figure is gone all fail. A figure typed with fewer decimals matches a measured one that rounds to it.
 */
class TypedAccuraciesTest {

    private static final Path ROOT = Results.find().dir().toAbsolutePath().getParent();

    @Test
    void everyTypedAccuracyIsTheResultItsLedgerLineNames() throws Exception {
        FigureSources sources = FigureSources.of(ROOT.resolve("results"));
        Map<String, Map<String, String>> ledger = TypedAccuracies.ledger(ROOT);
        List<TypedAccuracies.Typed> typed = TypedAccuracies.in(ROOT);
        assertTrue(typed.size() >= 20, "the texts type accuracies; found only " + typed.size());
        List<String> problems = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (TypedAccuracies.Typed t : typed) {
            String figure = t.figure().toPlainString();
            String source = ledger.getOrDefault(t.text(), Map.of()).get(figure);
            used.add(t.text() + "\t" + figure);
            if (source == null) {
                List<String> candidates = sources.giving(t.figure());
                problems.add(t.text() + ": " + figure + " has no line in " + TypedAccuracies.LEDGER + (candidates.isEmpty()
                        ? "; and no result gives it" : "; results that give it: " + String.join(", ",
                        candidates.subList(0, Math.min(5, candidates.size())))));
            } else {
                for (String one : source.split(";")) {
                    if (!sources.gives(one, t.figure())) {
                        problems.add(t.text() + ": " + figure + " is not what " + one + (sources.has(one)
                                ? " holds now" : " names (no such result)"));
                    }
                }
            }
        }
        ledger.forEach((text, figures) -> figures.keySet().forEach(figure -> {
            if (!used.contains(text + "\t" + figure)) {
                problems.add(TypedAccuracies.LEDGER + ": " + text + " no longer types " + figure + "; drop its line");
            }
        }));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void aFigureThatNoRunPrintedOrAnotherRunsFigureIsCaught() throws Exception {
        FigureSources sources = FigureSources.of(ROOT.resolve("results"));
        assertTrue(sources.size() > 1000, "results/ holds measured accuracies: " + sources.size());
        String finalMean = "results/records/final-recipe/summary.csv#final:mean_min_last_3";
        assertTrue(sources.gives(finalMean, new BigDecimal("99.461")), "the final recipe's mean over ten seeds");
        assertTrue(sources.gives(finalMean, new BigDecimal("99.46")), "rounded");
        assertFalse(sources.gives(finalMean, new BigDecimal("99.47")), "a neighbouring figure is another figure");
        assertFalse(sources.gives("results/records/final-recipe/summary.csv#final-unaveraged:mean_min_last_3",
                new BigDecimal("99.461")), "another variant's row does not give it");
        assertEquals(List.of(), sources.giving(new BigDecimal("99.99")), "no run measured 99.99");
    }
}
