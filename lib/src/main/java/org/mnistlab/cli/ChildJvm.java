package org.mnistlab.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a new JVM set up as this one, running {@link Main}: how a sweep starts its runs. */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * The same java, JVM options (a debugger or coverage agent excepted), {@code extraJvmOptions} and class path,
     * then {@link Main}'s class: add the command's arguments, e.g. {@code train --seed 1 ...}.
     */
    static List<String> command(String... extraJvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // A debugger or coverage agent belongs to this JVM only: children would fight over its port or file.
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!arg.startsWith("-agentlib:jdwp") && !arg.startsWith("-Xrunjdwp") && !arg.equals("-Xdebug")
                    && !arg.startsWith("-javaagent")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(List.of(extraJvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return cmd;
    }
}
