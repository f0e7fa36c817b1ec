package org.mnistlab.cli;

import org.mnistlab.report.Results;
import org.mnistlab.report.ResultsMarkdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code results}: prints the committed runs as a Markdown table, or writes it into the README. */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Print the committed full runs (results/) as a Markdown table; with "
        + "--readme, rewrite the README's generated Results section.")
final class ResultsCommand implements Callable<Integer> {

    @Option(names = "--readme", description = "README to update between its results markers.")
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
