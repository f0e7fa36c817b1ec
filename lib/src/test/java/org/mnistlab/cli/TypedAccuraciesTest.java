package org.mnistlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.mnistlab.report.Results;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Target;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Accuracies typed in the README, in the pages in docs/ and in the notebooks' text (their Markdown cells, not the outputs a run computes)
 * are figures that {@code results/} holds: an epoch of a committed run, the lowest of a run's last three epochs, a
 * mean over seeds, or a figure a benchmark or sweep printed there. A run that changes without its text fails here.
 * A figure typed with fewer decimals matches a measured one that rounds to it.
 */
class TypedAccuraciesTest {

    /** An accuracy: 50.0 to 99.999, on a line that speaks in percent. */
    private static final Pattern ACCURACY = Pattern.compile("(?<![\\d.])([5-9]\\d\\.\\d{1,3})(?![\\d.])");

    @Test
    void everyAccuracyInTheTextIsOneTheResultsHold() throws Exception {
        Path root = Results.find().dir().toAbsolutePath().getParent();
        Set<BigDecimal> known = measured(root.resolve("results"));
        known.add(BigDecimal.valueOf(Target.standard().minAccuracy()));
        known.add(BigDecimal.valueOf(97)); // the floor a quick run must pass, checked by scripts/run_notebooks.py
        assertTrue(known.size() > 500, "results/ holds measured accuracies: " + known.size());

        List<String> unknown = new ArrayList<>();
        int found = 0;
        for (Text text : texts(root)) {
            for (String line : text.content().split("\n")) {
                if (!line.contains("%")) continue;
                Matcher m = ACCURACY.matcher(line);
                while (m.find()) {
                    found++;
                    if (!isKnown(new BigDecimal(m.group(1)), known)) {
                        unknown.add(text.name() + ": " + m.group(1) + " in \"" + line.strip() + "\"");
                    }
                }
            }
        }
        assertTrue(found >= 20, "the texts type accuracies; found only " + found);
        assertTrue(unknown.isEmpty(), "accuracies that results/ does not hold:\n" + String.join("\n", unknown));
    }

    @Test
    void aFigureThatNoRunPrintedIsCaught() throws Exception {
        Set<BigDecimal> known = measured(Results.find().dir());
        assertTrue(isKnown(new BigDecimal("99.461"), known), "the final recipe's mean over ten seeds");
        assertTrue(isKnown(new BigDecimal("99.5"), known), "rounded from a measured 99.50");
        assertTrue(!isKnown(new BigDecimal("99.99"), known), "no run measured 99.99");
        assertTrue(!isKnown(new BigDecimal("99.9"), known), "nor anything that rounds to 99.9");
    }

    private static boolean isKnown(BigDecimal typed, Set<BigDecimal> known) {
        int decimals = typed.scale();
        for (BigDecimal k : known) {
            if (k.setScale(decimals, RoundingMode.HALF_UP).compareTo(typed) == 0) return true;
        }
        return false;
    }

    private record Text(String name, String content) {
    }

    /** The README, every page in docs/ and every notebook's Markdown cells. */
    private static List<Text> texts(Path root) throws IOException {
        List<Text> texts = new ArrayList<>(List.of(new Text("README.md", Files.readString(root.resolve("README.md")))));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path page : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                texts.add(new Text("docs/" + page.getFileName(), Files.readString(page)));
            }
        }
        try (Stream<Path> notebooks = Files.list(root.resolve("notebooks"))) {
            for (Path nb : notebooks.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                texts.add(new Text("notebooks/" + nb.getFileName(), NotebookCells.sources(nb, true)));
            }
        }
        return texts;
    }

    /**
     * Every accuracy results/ holds: each accuracy column of its CSV files (histories, sweep summaries) and each
     * accuracy field of its JSON summaries, and what is computed from the histories: each run's lowest of the last 3
     * epochs, and per experiment the mean of those over seeds. Losses, rates and seconds are left out, so that a
     * typed accuracy cannot pass for a time that happens to print the same digits.
     */
    private static Set<BigDecimal> measured(Path results) throws IOException {
        Set<BigDecimal> known = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(results)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".csv")) {
                    List<String> lines = Files.readAllLines(f);
                    if (lines.isEmpty()) continue;
                    String[] header = lines.get(0).split(",");
                    for (String line : lines.subList(1, lines.size())) {
                        String[] cells = line.split(",");
                        for (int i = 0; i < Math.min(header.length, cells.length); i++) {
                            if (isAccuracy(header[i]) && cells[i].matches("\\d+(\\.\\d+)?")) {
                                known.add(new BigDecimal(cells[i]));
                            }
                        }
                    }
                } else if (name.endsWith(".json")) {
                    json.readTree(f.toFile()).fields().forEachRemaining(e -> {
                        if (isAccuracy(e.getKey()) && e.getValue().isNumber()) known.add(e.getValue().decimalValue());
                    });
                }
            }
        }
        Results committed = new Results(results);
        int last = Target.standard().lastEpochs();
        for (Results.Run run : committed.all()) {
            if (run.history().size() >= last) {
                known.add(BigDecimal.valueOf(run.history().minTestAccuracyOfLast(last)));
            }
            for (EpochMetrics e : run.history().epochs()) known.add(BigDecimal.valueOf(e.testAccuracy()));
        }
        addMeans(committed.spread(), known);
        addMeans(committed.pytorch().spread(), known);
        return known;
    }

    private static boolean isAccuracy(String column) {
        return column.contains("acc") || column.contains("min_last") || column.startsWith("best")
                || column.equals("mean_best");
    }

    private static void addMeans(SweepSummary summary, Set<BigDecimal> known) {
        for (SweepSummary.VariantResult v : summary.variants()) {
            if (!v.runs().isEmpty()) known.add(BigDecimal.valueOf(v.meanMinLast()));
        }
    }
}
