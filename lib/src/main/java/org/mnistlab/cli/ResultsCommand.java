package org.mnistlab.cli;

import org.mnistlab.report.Results;
import org.mnistlab.report.ResultsMarkdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code results}: prints the committed runs as Markdown, or writes them into docs/results.md between its markers. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Print the committed full runs (results/) as a Markdown table; with "
        + "--readme FILE, rewrite the generated Results section of FILE (docs/results.md).")
final class ResultsCommand implements Callable<Integer> {

    @Option(names = "--readme", paramLabel = "FILE", description = "The page with the results markers to update "
            + "between them: docs/results.md (the option keeps its old name).")
    Path readme;

    @Override
    public Integer call() throws Exception {
        Results results = Results.find();
        if (readme != null) {
            boolean changed = ResultsMarkdown.updateReadme(readme, results);
            System.out.println(readme + (changed ? ": Results section updated" : ": already up to date"));
        } else {
            System.out.print(ResultsMarkdown.table(results));
        }
        return 0;
    }
}
