package org.mnistlab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mnistlab.report.Results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The set-up files say the same thing: one pinned Python set (requirements.in, locked with hashes in requirements.txt)
 * that the venv, conda and the Docker image install; the image's cached dependency layer and conventions; the measured tables in the documentation
 * (docs/setup.md's Docker figures, docs/kernels.md's start-ups, docs/notebooks.md's run times, docs/engine.md's
 * Performance) are the measured ones.
 */
class SetupFilesTest {

    private static final Path ROOT = Results.find().dir().getParent();
    private static final Pattern PINNED = Pattern.compile("[A-Za-z0-9_.\\-]+==[0-9][A-Za-z0-9.]*");

    /** What each lock is made from: the {@code .in} files that list what the project asks for. */
    private static final Map<String, List<String>> LOCKS = Map.of(
            "requirements.txt", List.of("requirements.in"),
            "requirements-pytorch.txt", List.of("requirements-pytorch.in", "requirements.in"),
            "docker/requirements-image.txt", List.of("requirements.in", "docker/requirements-hub.in"),
            "classroom/requirements.txt", List.of("classroom/requirements.in"));

    @Test
    void everyPythonRequirementIsPinnedAndEveryLockIsHashedAndCurrent() throws Exception {
        for (var lock : LOCKS.entrySet()) {
            Map<String, String> locked = lockedVersions(lock.getKey());
            for (String in : lock.getValue()) {
                for (String line : Files.readAllLines(ROOT.resolve(in))) {
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#") || l.equals("-r requirements.in")) continue;
                    assertTrue(PINNED.matcher(l).matches(), in + ": not pinned to one version: " + l);
                    String[] pin = l.split("==");
                    assertEquals(pin[1], locked.get(normalised(pin[0])), lock.getKey() + " does not lock " + in + "'s "
                            + l + ": make it again with the command at its top");
                }
            }
        }
        String requirements = Files.readString(ROOT.resolve("requirements.in"));
        for (String needed : List.of("jupyterlab==4.", "nbclient==", "jjava==")) {
            assertTrue(requirements.contains(needed), "requirements.in lacks " + needed);
        }
    }

    /** The image runs what the venv runs: every package both locks hold is at the same version. */
    @Test
    void theImageLocksTheVenvsVersions() throws Exception {
        Map<String, String> venv = lockedVersions("requirements.txt");
        Map<String, String> image = lockedVersions("docker/requirements-image.txt");
        assertTrue(image.keySet().containsAll(venv.keySet()), "the image lock lacks some of requirements.txt");
        for (var e : venv.entrySet()) {
            assertEquals(e.getValue(), image.get(e.getKey()), e.getKey() + ": the image and the venv lock differ");
        }
    }

    /**
     * A lock's packages and versions. Every entry must be pinned with {@code ==} and carry at least one
     * {@code --hash=sha256:}, so that pip installs it in hash-checking mode.
     */
    private static Map<String, String> lockedVersions(String lock) throws Exception {
        Map<String, String> versions = new java.util.TreeMap<>();
        String entry = null;
        boolean hashed = true;
        for (String line : Files.readAllLines(ROOT.resolve(lock))) {
            if (line.isBlank() || line.strip().startsWith("#")) continue;
            if (!Character.isWhitespace(line.charAt(0))) {
                assertTrue(hashed, lock + ": no hash for " + entry);
                entry = line.split("[ ;\\\\]", 2)[0];
                String[] pin = entry.split("==");
                assertEquals(2, pin.length, lock + ": not pinned to one version: " + line);
                versions.put(normalised(pin[0]), pin[1]);
                hashed = false;
            } else if (line.strip().startsWith("--hash=sha256:")) {
                hashed = true;
            }
        }
        assertTrue(hashed, lock + ": no hash for " + entry);
        assertTrue(versions.size() > 1, lock + " locks nothing");
        return versions;
    }

    /** A package's name as PyPI compares them: case and the separators {@code -_.} do not count. */
    private static String normalised(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    @Test
    void condaAndDockerInstallTheSameRequirements() throws Exception {
        assertTrue(Files.readString(ROOT.resolve("environment.yml")).contains("- -r requirements.txt"),
                "environment.yml's pip section must be requirements.txt itself");
        String docker = Files.readString(ROOT.resolve("Dockerfile"));
        assertTrue(docker.contains("--require-hashes") && docker.contains("-r /tmp/req/requirements-image.txt"),
                "the Dockerfile installs the image's hashed lock");
        assertTrue(docker.contains("FROM --platform=linux/amd64"), "the image states its platform");
        assertTrue(docker.contains("ARG NB_USER") && docker.contains("ARG NB_UID"), "repo2docker's build arguments");
        int poms = docker.indexOf("COPY --chown=${NB_UID}:${NB_UID} lib/pom.xml");
        int offline = docker.indexOf("dependency:go-offline");
        int sources = docker.indexOf("COPY --chown=${NB_UID}:${NB_UID} . ");
        assertTrue(poms > 0 && poms < offline && offline < sources,
                "the Maven dependencies must be a layer built from the poms before the sources are copied");
    }

    @Test
    void theDockerFiguresAreTheContainerTestsOwn() throws Exception {
        String setup = Files.readString(ROOT.resolve("docs/setup.md"));
        String measured = Files.readString(ROOT.resolve("results/docker/summary.txt"));
        int table = setup.indexOf("| Step | Measured |");
        assertTrue(table > 0, "docs/setup.md's Docker section has no table of measured figures");
        String rows = setup.substring(table, setup.indexOf("\n\n", table));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\| ([0-9][0-9,]*) (s|MB|MiB)\\b").matcher(rows);
        int figures = 0;
        while (m.find()) {
            figures++;
            assertTrue(measured.contains(": " + m.group(1) + " " + m.group(2)), "docs/setup.md's Docker figure "
                    + m.group(1) + " " + m.group(2) + " is not in results/docker/summary.txt");
        }
        assertTrue(figures >= 6, "only " + figures + " figures found in docs/setup.md's Docker table");
    }

    @Test
    void theKernelsPageShowsTheMeasuredKernelStarts() throws Exception {
        String kernels = Files.readString(ROOT.resolve("docs/kernels.md"));
        for (String run : List.of("busy")) {
            Path table = ROOT.resolve("results/kernels").resolve(run).resolve("starts.md");
            assertTrue(Files.isRegularFile(table), table + " is missing: scripts/kernel_starts.py --out writes it");
            assertTrue(kernels.contains(Files.readString(table)), "docs/kernels.md does not show " + table
                    + " as measured:\n" + Files.readString(table));
        }
        assertTrue(kernels.startsWith("# Kernels\n"), "docs/kernels.md is the Kernels page");
    }

    /**
     * The committed notebooks, outputs included, stay light enough to clone and to open in a class: 2.2 MB together
     * (charts are palette PNGs drawn at the width a notebook shows them; each run drawn once).
     */
    @Test
    void theCommittedNotebooksStayWithinTheirSizeBudget() throws Exception {
        long total = 0;
        try (var notebooks = Files.list(ROOT.resolve("notebooks"))) {
            for (Path nb : notebooks.filter(p -> p.toString().endsWith(".ipynb")).toList()) total += Files.size(nb);
        }
        assertTrue(total > 0, "no committed notebooks");
        assertTrue(total <= 2_200_000, "the committed notebooks take " + total + " bytes, over the 2.2 MB budget");
    }

    @Test
    void theNotebooksPageShowsHowLongTheCommittedNotebooksTook() throws Exception {
        Path times = ROOT.resolve("results/notebooks/run-times.md");
        assertTrue(Files.isRegularFile(times), times + " is missing: ./mnistlab outputs writes it");
        String notebooks = Files.readString(ROOT.resolve("docs/notebooks.md"));
        List<String> rows = Files.readAllLines(times).stream().filter(l -> l.startsWith("| `")).toList();
        assertTrue(rows.size() >= 8, "a row per notebook: " + rows);
        for (String row : rows) {
            assertTrue(notebooks.contains(row), "docs/notebooks.md's Committed outputs section lacks the measured row "
                    + row);
        }
    }

    /** docs/engine.md's Performance tables, one per machine, each the output of one bench run. */
    @ParameterizedTest
    @ValueSource(strings = {"java-and-pytorch.txt", "intel-java-and-pytorch.txt"})
    void thePerformanceTableIsTheBenchOutput(String file) throws Exception {
        List<String> bench = Files.readAllLines(ROOT.resolve("results/bench").resolve(file));
        String engine = Files.readString(ROOT.resolve("docs/engine.md"));
        // model, params, train, inference, GFLOP/s, % of peak, eager, ratio, best (config, threads), ratio
        Pattern printed = Pattern.compile("(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+[\\d.]+\\s+([\\d.]+)%\\s+(\\d+)\\s+"
                + "([\\d.]+)x\\s+(\\d+) \\(([^,]+), (\\d+)t\\)\\s+([\\d.]+)x");
        int rows = 0;
        for (String line : bench) {
            var m = printed.matcher(line);
            if (!m.matches()) continue;
            String threads = m.group(10).equals("1") ? "1 thread" : m.group(10) + " threads";
            String row = String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %s %% | %,d | %s× | %,d (%s, %s) | %s× |",
                    m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                    m.group(5), Long.parseLong(m.group(6)), m.group(7), Long.parseLong(m.group(8)),
                    m.group(9).replace("+", " + "), threads, m.group(11));
            assertTrue(engine.contains(row), "docs/engine.md's Performance table lacks the measured row " + row + " of "
                    + file);
            rows++;
        }
        assertEquals(7, rows, "the bench output has the seven tutorial models");
    }

    /**
     * The README is the front page, at most 150 lines; the rest is in docs/. Every relative link in the README and in
     * docs/*.md names a file that exists, and a link to a heading of a Markdown page names one of its headings.
     */
    @Test
    void theReadmeIsShortAndEveryDocumentationLinkResolves() throws Exception {
        assertTrue(Files.readAllLines(ROOT.resolve("README.md")).size() <= 150, "README.md is over 150 lines");
        List<Path> pages = new java.util.ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (var docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertTrue(pages.size() > 1, "no pages in docs/");
        Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
        List<String> broken = new java.util.ArrayList<>();
        for (Path page : pages) {
            String text = Files.readString(page).replaceAll("(?s)```.*?```", "");
            var m = link.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) continue;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(page) + ": " + target);
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links: " + broken);
    }

    /** GitHub's anchors of a Markdown page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static java.util.Set<String> anchors(Path page) throws Exception {
        java.util.Set<String> anchors = new java.util.HashSet<>();
        if (!page.toString().endsWith(".md")) return anchors;
        String text = Files.readString(page).replaceAll("(?s)```.*?```", "");
        for (String line : text.split("\n")) {
            var h = Pattern.compile("^#{1,6}\\s+(.*)$").matcher(line);
            if (h.matches()) {
                anchors.add(h.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }
}
