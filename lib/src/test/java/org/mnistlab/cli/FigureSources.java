package org.mnistlab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.mnistlab.report.Results;
import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.Target;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every accuracy that {@code results/} holds, each under an address that names where it is, so that a figure typed in
 * the documentation can be bound to one of them:
 * <ul>
 *   <li>{@code results/.../summary.json#min_test_acc_last_3}: a field of a JSON file;</li>
 *   <li>{@code results/.../summary.csv#04-gap:mean_min_last_3}, {@code .../runs.csv#04-gap/3:min_last_3},
 *       {@code .../history.csv#1:val_acc}: a CSV cell, its row named by its first column (and the second, where the
 *       first does not tell the rows apart);</li>
 *   <li>{@code spread:results/pytorch/11-smallest#mean_min_last_3} (also {@code min_min_last_3},
 *       {@code max_min_last_3}): the spread over the seeds of a folder of runs, as a sweep's summary computes it;</li>
 *   <li>{@code results/bench/java-and-pytorch.txt}: a figure a command printed into a text file;</li>
 *   <li>{@code target}: the target's accuracy.</li>
 * </ul>
 * Losses, rates and seconds are left out, so that an accuracy cannot pass for a time that prints the same digits.
 */
final class FigureSources {

    /** An accuracy: 50.0 to 99.999. */
    static final Pattern ACCURACY = Pattern.compile("(?<![\\d.])([5-9]\\d\\.\\d{1,3})(?![\\d.])");

    private final Map<String, List<BigDecimal>> values = new LinkedHashMap<>();

    private FigureSources() {
    }

    /** The sources under {@code results} (the folder). */
    static FigureSources of(Path results) throws IOException {
        FigureSources s = new FigureSources();
        Path root = results.getParent();
        s.add("target", BigDecimal.valueOf(Target.standard().minAccuracy()));
        ObjectMapper json = new ObjectMapper();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(results)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String where = root.relativize(f).toString();
            if (name.endsWith(".json")) {
                json.readTree(f.toFile()).fields().forEachRemaining(e -> {
                    if (isAccuracy(e.getKey()) && e.getValue().isNumber()) {
                        s.add(where + "#" + e.getKey(), e.getValue().decimalValue());
                    }
                });
            } else if (name.endsWith(".csv")) {
                s.addCsv(where, Files.readAllLines(f));
            } else if (name.endsWith(".txt") || name.endsWith(".md")) {
                Matcher m = ACCURACY.matcher(Files.readString(f));
                while (m.find()) s.add(where, new BigDecimal(m.group(1)));
            }
        }
        Path pytorch = results.resolve(Results.PYTORCH);
        if (Files.isDirectory(pytorch)) {
            for (SweepSummary.VariantResult v : new Results(results).pytorch().spread().variants()) {
                if (v.runs().isEmpty()) continue;
                String where = "spread:" + root.relativize(pytorch.resolve(v.plan().name())) + "#";
                s.add(where + "mean_min_last_3", BigDecimal.valueOf(v.meanMinLast()));
                s.add(where + "min_min_last_3", BigDecimal.valueOf(v.lowestMinLast()));
                s.add(where + "max_min_last_3", BigDecimal.valueOf(v.highestMinLast()));
            }
        }
        return s;
    }

    private void addCsv(String where, List<String> lines) {
        if (lines.isEmpty()) return;
        String[] header = lines.get(0).split(",");
        Set<String> firsts = new HashSet<>();
        boolean unique = true;
        for (String line : lines.subList(1, lines.size())) unique &= firsts.add(line.split(",", 2)[0]);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (cells.length < 2) continue;
            String row = unique ? cells[0] : cells[0] + "/" + cells[1];
            for (int i = 1; i < Math.min(header.length, cells.length); i++) {
                if (isAccuracy(header[i]) && cells[i].matches("\\d+(\\.\\d+)?")) {
                    add(where + "#" + row + ":" + header[i], new BigDecimal(cells[i]));
                }
            }
        }
    }

    private void add(String address, BigDecimal value) {
        values.computeIfAbsent(address, a -> new ArrayList<>()).add(value);
    }

    private static boolean isAccuracy(String column) {
        return column.contains("acc") || column.contains("min_last") || column.startsWith("best")
                || column.equals("mean_best");
    }

    /** Whether the source at {@code address} holds a value that {@code typed} rounds from (to its decimals). */
    boolean gives(String address, BigDecimal typed) {
        return values.getOrDefault(address, List.of()).stream().anyMatch(v -> roundsTo(v, typed));
    }

    boolean has(String address) {
        return values.containsKey(address);
    }

    /** Every address that holds a value rounding to {@code typed}. */
    List<String> giving(BigDecimal typed) {
        return values.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(v -> roundsTo(v, typed)))
                .map(Map.Entry::getKey).toList();
    }

    int size() {
        return values.size();
    }

    static boolean roundsTo(BigDecimal measured, BigDecimal typed) {
        return measured.setScale(typed.scale(), RoundingMode.HALF_UP).compareTo(typed) == 0;
    }
}
