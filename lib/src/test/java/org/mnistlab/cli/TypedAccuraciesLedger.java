package org.mnistlab.cli;

import org.mnistlab.report.Results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Proposes {@value TypedAccuracies#LEDGER}'s lines for figures that have none, for a person to check: of the results
 * that give a figure, the one whose path names the most of what its paragraph names (a sweep, a variant, a seed), then
 * a summary before an epoch of a history. Run from lib/ with the test classpath; it prints, it writes nothing.
 */
final class TypedAccuraciesLedger {

    private static final Pattern SEPARATORS = Pattern.compile("[/#:.]");

    private TypedAccuraciesLedger() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Results.find().dir().toAbsolutePath().getParent();
        FigureSources sources = FigureSources.of(root.resolve("results"));
        Map<String, Map<String, String>> ledger = Files.isRegularFile(root.resolve(TypedAccuracies.LEDGER))
                ? TypedAccuracies.ledger(root) : Map.of();
        Map<String, String> proposed = new LinkedHashMap<>();
        for (TypedAccuracies.Typed t : TypedAccuracies.in(root)) {
            String figure = t.figure().toPlainString();
            String key = t.text() + "\t" + figure;
            if (ledger.getOrDefault(t.text(), Map.of()).containsKey(figure) || proposed.containsKey(key)) continue;
            String paragraph = t.paragraph().toLowerCase(Locale.ROOT);
            List<String> candidates = sources.giving(t.figure());
            String best = candidates.stream().max(Comparator.<String>comparingInt(a -> named(a, paragraph))
                    .thenComparingInt(a -> -kind(a))).orElse("(none)");
            proposed.put(key, best);
        }
        proposed.forEach((key, source) -> System.out.println(key + "\t" + source));
    }

    /** How many parts of the address the paragraph names. */
    private static int named(String address, String paragraph) {
        int n = 0;
        for (String part : SEPARATORS.split(address.replace("results/", "").replace("sweeps/", ""))) {
            if (part.length() > 2 && !part.equals("csv") && !part.equals("json")
                    && Pattern.compile("(?<![\\w-])" + Pattern.quote(part.toLowerCase(Locale.ROOT)) + "(?![\\w-])")
                    .matcher(paragraph).find()) {
                n++;
            }
        }
        return n;
    }

    /** Summaries first, then runs, printouts and last an epoch of a history. */
    private static int kind(String address) {
        if (address.contains("summary.csv")) return 0;
        if (address.contains("runs.csv") || address.startsWith("spread:")) return 1;
        if (address.contains("summary.json")) return 2;
        if (address.contains("history.csv")) return 4;
        return 3;
    }
}
