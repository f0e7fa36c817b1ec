package org.mnistlab.cli;

import org.mnistlab.train.Experiment;
import org.mnistlab.train.Experiments;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code list}: the experiments with their recipes. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the experiments and their recipes.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (Experiment e : Experiments.all()) {
            System.out.println(e.describe());
        }
        return 0;
    }
}
