package org.mnistlab.cli;

import org.junit.jupiter.api.Test;
import org.mnistlab.model.Models;
import org.mnistlab.report.Results;
import org.mnistlab.train.Experiment;
import org.mnistlab.train.Experiments;
import org.mnistlab.train.Target;

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
 * Parameter counts typed in the README, the pages in docs/ and the notebooks' text are counts the code computes: a model's, a sweep
 * variant's, the budget, or what one lesson's change freed. A model that changes without its text fails here.
 */
class TypedFiguresTest {

    private static final Pattern COUNT = Pattern.compile("(\\d{1,2},\\d{3})[ -](?:trainable )?param");

    @Test
    void everyParameterCountInTheTextIsOneTheCodeComputes() throws Exception {
        Set<Long> known = new TreeSet<>();
        known.add(Target.standard().maxParams());
        for (String m : List.of("baseline", "batchnorm", "dropout", "gap", "final", "small-gap", "gap-linear",
                "flatten-head")) {
            known.add(Models.byName(m).trainableParameters());
        }
        known.add(SmallestSearchTest.AIM); // the size search's aim, "at most 4,000 parameters", which its second rule uses
        List<Experiment> experiments = Experiments.all();
        for (int i = 0; i < experiments.size(); i++) {
            long params = experiments.get(i).architecture().trainableParameters();
            known.add(params);
            if (i > 0) known.add(Math.abs(experiments.get(i - 1).architecture().trainableParameters() - params));
        }
        Path root = Results.find().dir().getParent();
        try (Stream<Path> specs = Files.walk(root.resolve("results").resolve("sweeps"))) {
            for (Path spec : specs.filter(p -> p.getFileName().toString().equals("sweep.txt")).toList()) {
                for (SweepSpec.Variant v : SweepSpec.read(spec).variants()) {
                    known.add(v.recipe().architecture().trainableParameters());
                }
            }
        }
        List<Path> texts = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(texts::add);
        }
        try (Stream<Path> notebooks = Files.list(root.resolve("notebooks"))) {
            notebooks.filter(p -> p.toString().endsWith(".ipynb")).sorted().forEach(texts::add);
        }
        List<String> unknown = new ArrayList<>();
        int found = 0;
        for (Path text : texts) {
            Matcher m = COUNT.matcher(typed(text));
            while (m.find()) {
                found++;
                long n = Long.parseLong(m.group(1).replace(",", ""));
                if (!known.contains(n)) unknown.add(root.relativize(text) + ": " + m.group());
            }
        }
        assertTrue(found >= 10, "the texts type parameter counts; found only " + found);
        assertTrue(unknown.isEmpty(), "parameter counts no model, variant or change has: " + unknown
                + " (known: " + known + ")");
    }

    /**
     * What a person wrote in {@code file}: the whole of a page; of a notebook, its cells' sources, not the outputs
     * its code computed (a Try-it run prints the count of whatever network the student builds).
     */
    private static String typed(Path file) throws java.io.IOException {
        return file.toString().endsWith(".ipynb") ? NotebookCells.sources(file, false) : Files.readString(file);
    }
}
