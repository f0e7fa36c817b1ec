package org.mnistlab.cli;

import org.mnistlab.report.ResultsMarkdown;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * The accuracies people typed: in the README, the pages in docs/ (not the Results block of docs/results.md, which
 * code writes and {@code ResultsTest} checks) and the notebooks' Markdown cells; and the ledger that names the source
 * of each, {@value #LEDGER}.
 */
final class TypedAccuracies {

    /** Where each typed accuracy comes from: {@code text<TAB>figure<TAB>source}, one line per figure of a text. */
    static final String LEDGER = "docs/typed-figures.tsv";

    /** One typed accuracy and the paragraph it stands in. */
    record Typed(String text, BigDecimal figure, String paragraph) {
    }

    private TypedAccuracies() {
    }

    /** Every accuracy typed on a line that speaks in percent, in reading order. */
    static List<Typed> in(Path root) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("README.md", Files.readString(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path page : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                texts.put("docs/" + page.getFileName(), withoutGeneratedResults(Files.readString(page)));
            }
        }
        try (Stream<Path> notebooks = Files.list(root.resolve("notebooks"))) {
            for (Path nb : notebooks.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                // A blank line after each cell: a cell ends its paragraphs.
                texts.put("notebooks/" + nb.getFileName(), String.join("\n\n", NotebookCells.cells(nb, true)));
            }
        }
        List<Typed> typed = new ArrayList<>();
        texts.forEach((name, content) -> {
            for (String paragraph : content.split("\n\\s*\n")) {
                for (String line : paragraph.split("\n")) {
                    if (!line.contains("%")) continue;
                    Matcher m = FigureSources.ACCURACY.matcher(line);
                    while (m.find()) typed.add(new Typed(name, new BigDecimal(m.group(1)), paragraph));
                }
            }
        });
        return typed;
    }

    private static String withoutGeneratedResults(String page) {
        int start = page.indexOf(ResultsMarkdown.START);
        int end = page.indexOf(ResultsMarkdown.END);
        return start >= 0 && end > start ? page.substring(0, start) + page.substring(end) : page;
    }

    /** The ledger: text, then figure as typed, to its source's address. */
    static Map<String, Map<String, String>> ledger(Path root) throws IOException {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(root.resolve(LEDGER))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t");
            if (f.length != 3) throw new IllegalArgumentException(LEDGER + ": not text<TAB>figure<TAB>source: " + line);
            rows.computeIfAbsent(f[0], t -> new LinkedHashMap<>()).put(f[1], f[2]);
        }
        return rows;
    }
}
