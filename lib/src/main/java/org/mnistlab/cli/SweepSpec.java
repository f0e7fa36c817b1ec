package org.mnistlab.cli;

import org.mnistlab.train.Experiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A sweep's spec: which recipe variants to train, on which seeds. One directive a line, {@code #} starts a comment,
 * a line ending in {@code \} goes on on the next:
 *
 * <pre>
 * seeds 1-3                                        # every variant's seeds, unless it names its own
 * variant one-cycle: --experiment 09-weight-average     # a variant is the options of 'train'
 * variant b64 seeds 1-10: --experiment 09-weight-average --batch 64
 * variant final in ../lessons/09-weight-average: --experiment 09-weight-average   # its runs in another folder
 * variant b32 against b64: --experiment 09-weight-average --batch 32    # its effect on b64, paired by seed
 * </pre>
 *
 * Every variant's options are parsed and its recipe built when the spec is read, so a bad spec fails with its line
 * number before anything trains.
 *
 * @param file     where the spec was read from
 * @param variants the variants, in the spec's order
 */
record SweepSpec(Path file, List<Variant> variants) {

    SweepSpec {
        variants = List.copyOf(variants);
    }

    /** The keyword of a seed list: a line of its own (every variant's seeds) or in a variant's head. */
    static final String SEEDS = "seeds";

    /**
     * One recipe of a sweep.
     *
     * @param name   the variant's name
     * @param folder where its runs go, {@code SEED/} each: its name, or the folder its {@code in} names, relative
     *               to the spec's folder
     * @param seeds  the seeds it trains, ascending
     * @param args   its {@code train} options, without {@code --seed} and {@code --out}
     * @param recipe the experiment those options give
     * @param limit  the {@code --limit} it sets, or null
     * @param validation whether it holds out the validation images ({@code --validation})
     * @param against    the variant its effect is measured against, seed by seed ({@code against NAME}), or null
     */
    record Variant(String name, String folder, List<Long> seeds, List<String> args, Experiment recipe,
                   Integer limit, boolean validation, String against) {
        Variant {
            seeds = List.copyOf(seeds);
            args = List.copyOf(args);
        }
    }

    static SweepSpec read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no sweep spec at " + file);
        return parse(file, Files.readString(file, StandardCharsets.UTF_8));
    }

    static SweepSpec parse(Path file, String text) {
        List<Long> defaultSeeds = null;
        List<Pending> pending = new ArrayList<>();
        for (Line l : lines(file, text)) {
            String line = l.text().strip();
            if (line.isEmpty()) continue;
            String where = file + ":" + l.number() + ": ";
            if (line.startsWith(SEEDS + " ")) {
                if (defaultSeeds != null) throw new IllegalArgumentException(where + "'seeds' given twice");
                defaultSeeds = seeds(line.substring(SEEDS.length()).strip(), where);
            } else if (line.startsWith("variant ")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException(where
                            + "expected 'variant NAME [seeds S] [in FOLDER] [against NAME]: OPTIONS'");
                }
                String[] head = line.substring("variant ".length(), colon).strip().split("\\s+");
                String seeds = null, folder = null, against = null;
                for (int k = 1; k < head.length; k += 2) {
                    if (k + 1 < head.length && head[k].equals(SEEDS) && seeds == null) seeds = head[k + 1];
                    else if (k + 1 < head.length && head[k].equals("in") && folder == null) folder = head[k + 1];
                    else if (k + 1 < head.length && head[k].equals("against") && against == null) against = head[k + 1];
                    else throw new IllegalArgumentException(where + "expected 'variant NAME [seeds S] [in FOLDER] "
                                + "[against NAME]: OPTIONS', got '" + line.substring(0, colon) + "'");
                }
                pending.add(new Pending(where, head[0], seeds, folder, against, line.substring(colon + 1).strip()));
            } else {
                throw new IllegalArgumentException(where + "expected 'seeds ...' or 'variant NAME: OPTIONS', got '"
                        + line + "'");
            }
        }
        if (pending.isEmpty()) throw new IllegalArgumentException(file + ": the spec names no variant");
        List<Variant> variants = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> runs = new HashSet<>();
        for (Pending p : pending) {
            if (!p.name().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException(p.where() + "a variant's name is its folder: letters, digits, '.', "
                        + "'_' and '-', got '" + p.name() + "'");
            }
            if (!names.add(p.name())) {
                throw new IllegalArgumentException(p.where() + "variant '" + p.name() + "' given twice");
            }
            List<Long> seeds = p.seeds() != null ? seeds(p.seeds(), p.where()) : defaultSeeds;
            if (seeds == null) {
                throw new IllegalArgumentException(p.where() + "variant '" + p.name() + "' has no seeds: add a "
                        + "'seeds 1-3' line or 'variant " + p.name() + " seeds 1-3: ...'");
            }
            String folder = p.folder() != null ? p.folder() : p.name();
            for (long seed : seeds) {
                // Two variants in one folder would train two processes into the same run.
                if (!runs.add(Path.of(folder).normalize() + "/" + seed)) {
                    throw new IllegalArgumentException(p.where() + "variant '" + p.name() + "' puts seed " + seed
                            + " in " + folder + ", where another variant's run of that seed goes");
                }
            }
            if (p.against() != null && !names.contains(p.against())) {
                throw new IllegalArgumentException(p.where() + "variant '" + p.name() + "' is measured against '"
                        + p.against() + "', which is not a variant given before it");
            }
            if (p.name().equals(p.against())) {
                throw new IllegalArgumentException(p.where() + "variant '" + p.name() + "' against itself");
            }
            variants.add(variant(p.name(), folder, seeds, p.options(), p.against(), p.where()));
        }
        return new SweepSpec(file, variants);
    }

    /** A variant line, parsed but not yet checked. */
    private record Pending(String where, String name, String seeds, String folder, String against, String options) {
    }

    /** One directive: its text, comments removed and continued lines joined, and the line it starts on. */
    private record Line(int number, String text) {
    }

    /**
     * Splits a spec into directives. {@code #} starts a comment outside quotes; a backslash at the end of a line
     * (spaces and a comment may follow it) continues the directive on the next line, inside quotes too.
     */
    private static List<Line> lines(Path file, String text) {
        List<Line> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        int line = 1, start = 1;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') continue;
            if (c == '\n') {
                int end = sb.length();
                while (end > 0 && (sb.charAt(end - 1) == ' ' || sb.charAt(end - 1) == '\t')) end--;
                line++;
                if (end > 0 && sb.charAt(end - 1) == '\\') {
                    sb.setLength(end - 1);
                    sb.append(' ');
                    continue;
                }
                if (quote != 0) {
                    throw new IllegalArgumentException(file + ":" + start + ": unclosed " + quote + " (end a line "
                            + "with \\ to continue a quoted value on the next)");
                }
                out.add(new Line(start, sb.toString()));
                sb.setLength(0);
                start = line;
            } else if (quote != 0) {
                if (c == quote) quote = 0;
                sb.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                sb.append(c);
            } else if (c == '#') {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') i++;
            } else {
                sb.append(c);
            }
        }
        if (quote != 0) throw new IllegalArgumentException(file + ":" + start + ": unclosed " + quote);
        if (!sb.isEmpty()) out.add(new Line(start, sb.toString()));
        return out;
    }

    /** The folder the runs go to: the spec's own. */
    Path dir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    int runCount() {
        return variants.stream().mapToInt(v -> v.seeds().size()).sum();
    }

    private static Variant variant(String name, String folder, List<Long> seeds, String options, String against,
                                   String where) {
        // A continued line leaves runs of spaces inside a quoted model; one is enough.
        List<String> args = tokens(options, where).stream().map(t -> t.strip().replaceAll("\\s+", " ")).toList();
        for (String a : args) {
            String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (List.of("--seed", "--out", "--resume", "--force").contains(option)) {
                throw new IllegalArgumentException(where + option + " is the sweep's to set, not a variant's");
            }
        }
        Holder holder = new Holder();
        try {
            new CommandLine(holder).parseArgs(args.toArray(String[]::new));
            return new Variant(name, folder, seeds, args, holder.recipe.recipe(), holder.recipe.limit,
                    holder.recipe.validation, against);
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "variant '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Seeds as {@code 1-10}, {@code 1,3,5} or both ({@code 1-3,7}). */
    static List<Long> seeds(String text, String where) {
        TreeSet<Long> seeds = new TreeSet<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    long from = Long.parseLong(p.substring(0, dash).strip());
                    long to = Long.parseLong(p.substring(dash + 1).strip());
                    if (to < from || to - from > 10_000) {
                        throw new IllegalArgumentException(where + "bad seed range '" + p + "'");
                    }
                    for (long s = from; s <= to; s++) seeds.add(s);
                } else {
                    seeds.add(Long.parseLong(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "seeds are numbers or ranges like 1-10, got '" + text + "'");
            }
        }
        if (seeds.isEmpty()) throw new IllegalArgumentException(where + "no seeds in '" + text + "'");
        return List.copyOf(seeds);
    }

    /** Splits options as a shell would: whitespace separates, '...' and "..." quote. */
    static List<String> tokens(String text, String where) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else current.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) out.add(current.toString());
                current.setLength(0);
                inToken = false;
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quote != 0) throw new IllegalArgumentException(where + "unclosed " + quote + " in '" + text + "'");
        if (inToken) out.add(current.toString());
        return out;
    }

    /** Just the recipe options, so that a variant cannot carry anything else. */
    @Command(name = "variant")
    private static final class Holder {
        @Mixin
        RecipeOptions recipe = new RecipeOptions();
    }
}
