package org.mnistlab.cli;

import org.mnistlab.report.SweepSummary;
import org.mnistlab.train.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * {@code sweep}: trains every variant of a spec on every seed, several {@code train} processes at a time with one
 * thread each ({@link SweepRunner}), and summarises which recipe holds the target. Runs already finished are skipped
 * and interrupted ones resumed ({@link SweepRun#state()}), so a killed sweep goes on where it stopped.
 *
 * <p>Example: {@code sweep results/sweeps/lessons/sweep.txt --parallel 2}
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, description = "Train recipe variants x seeds from a spec "
        + "file; skip finished runs, resume interrupted ones; write summary.csv, summary.md, runs.csv and spread.png "
        + "beside the spec.")
final class SweepCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep's spec (see SweepSpec); its runs go to "
            + "its folder, VARIANT/SEED/.")
    Path spec;

    @Option(names = "--parallel", defaultValue = "2", description = "Training processes at once, one thread each "
            + "(default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--dry-run", description = "Check the spec, list each run's state and command; train nothing.")
    boolean dryRun;

    @Option(names = "--summary-only", description = "Write the summary of the finished runs; train nothing.")
    boolean summaryOnly;

    @Option(names = "--variants", split = ",", paramLabel = "NAME", description = "Train only these variants, in "
            + "this order (the summary still covers every variant).")
    List<String> only;

    @Override
    public Integer call() throws IOException, InterruptedException {
        SweepRunner runner = new SweepRunner(parallel);
        SweepSpec s = SweepSpec.read(spec);
        List<SweepRun> runs = new ArrayList<>();
        for (SweepSpec.Variant v : chosen(s)) {
            for (long seed : v.seeds()) {
                runs.add(new SweepRun(v, seed, s.dir().resolve(v.folder()).resolve(Long.toString(seed)).normalize()));
            }
        }
        Deque<SweepRun> todo = new ArrayDeque<>();
        int finished = 0, interrupted = 0, elsewhere = 0, upgraded = 0;
        for (SweepRun r : runs) {
            SweepRun.State state = r.state(); // a run of another recipe fails here, before anything trains
            if (state == SweepRun.State.FINISHED && !dryRun && r.upgradeRecords()) upgraded++;
            if (state == SweepRun.State.FINISHED) finished++;
            else if (state == SweepRun.State.RUNNING_ELSEWHERE) elsewhere++;
            else todo.add(r);
            if (state == SweepRun.State.INTERRUPTED) interrupted++;
            if (dryRun) {
                System.out.printf("%-11s train %s%n", state.name().toLowerCase(Locale.ROOT),
                        String.join(" ", quoted(r.trainArgs(state == SweepRun.State.INTERRUPTED))));
            }
        }
        System.out.printf("sweep: %d runs of %d variants in %s: %d finished, %d to resume, %d to start%s; %d at a "
                        + "time, 1 thread each%n", runs.size(), chosen(s).size(), s.dir(), finished, interrupted,
                todo.size() - interrupted, elsewhere > 0 ? ", " + elsewhere + " being trained by another process"
                        : "", parallel);
        if (upgraded > 0) {
            System.out.printf("sweep: recorded the training of %d finished run(s) as structured fields (summary.json "
                    + "schema %d)%n", upgraded, RunSummary.SCHEMA);
        }
        if (dryRun) return 0;
        int failed = summaryOnly || todo.isEmpty() ? 0 : runner.train(runs.size(), finished, todo);
        writeSummary(s);
        if (failed > 0) {
            System.err.println("sweep: " + failed + " run(s) failed; see their " + SweepRunner.LOG + "; run the sweep "
                    + "again to retry them");
            return 1;
        }
        return 0;
    }

    /** The spec's variants, or those {@code --variants} names, in its order. */
    private List<SweepSpec.Variant> chosen(SweepSpec s) {
        if (only == null) return s.variants();
        List<SweepSpec.Variant> chosen = new ArrayList<>();
        for (String name : only) {
            chosen.add(s.variants().stream().filter(v -> v.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--variants: " + spec + " has no variant '" + name
                            + "'; it has " + String.join(", ", s.variants().stream().map(SweepSpec.Variant::name)
                            .toList()))));
        }
        return chosen;
    }

    private static void writeSummary(SweepSpec s) throws IOException {
        SweepSummary summary = SweepSummary.read(s.dir(), plans(s));
        summary.write(s.dir());
        System.out.print(summary.markdown());
        System.out.println("wrote " + s.dir().resolve(SweepSummary.CSV) + ", " + SweepSummary.MARKDOWN + ", "
                + SweepSummary.RUNS_CSV + ", " + SweepSummary.CHART);
    }

    /** The spec's variants as the summary reads them. */
    static List<SweepSummary.Plan> plans(SweepSpec s) {
        return s.variants().stream().map(v -> new SweepSummary.Plan(v.name(), v.folder(), v.seeds(),
                v.recipe().architecture().trainableParameters(), v.recipe().describe(), v.against())).toList();
    }

    private static List<String> quoted(List<String> args) {
        return args.stream().map(a -> a.matches("[A-Za-z0-9_./=:,+-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                .toList();
    }
}
