package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.mnistlab.report.Results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's performance table is the committed bench run's output, figure for figure. */
class BenchFiguresTest {

    /** A model's row as the bench prints it (with --pytorch). */
    private static final Pattern PRINTED = Pattern.compile("^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+[\\d.]+\\s+"
            + "([\\d.]+)%\\s+(\\d+)\\s+([\\d.]+)x\\s+(\\d+) \\(([^,]+), (\\d+)t\\)\\s+([\\d.]+)x");
    /** The same row in the README's table. */
    private static final Pattern TYPED = Pattern.compile("^\\| (\\S+) \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\| "
            + "([\\d.]+) % \\| ([\\d,]+) \\| ([\\d.]+)× \\| ([\\d,]+) \\(([^,]+), (\\d+) threads\\) \\| ([\\d.]+)× \\|$");

    @Test
    void everyRowOfTheReadmeTableIsTheBenchRunsRow() throws Exception {
        Path root = Results.find().dir().toAbsolutePath().getParent();
        List<List<String>> printed = rows(Files.readAllLines(root.resolve("results/bench/java-and-pytorch.txt")),
                PRINTED);
        List<List<String>> typed = rows(Files.readAllLines(root.resolve("README.md")), TYPED);
        assertTrue(printed.size() >= 7, "the bench file has the tutorial models: " + printed);
        assertEquals(printed, typed, "README.md's performance table against results/bench/java-and-pytorch.txt");
    }

    /** Each matching line's groups, thousands separators and " + " spacing removed. */
    private static List<List<String>> rows(List<String> lines, Pattern p) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            Matcher m = p.matcher(line);
            if (!m.matches()) continue;
            List<String> row = new ArrayList<>();
            for (int g = 1; g <= m.groupCount(); g++) row.add(m.group(g).replace(",", "").replace(" + ", "+"));
            rows.add(row);
        }
        return rows;
    }
}
