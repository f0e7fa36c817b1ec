package org.mnistlab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The commit of the code that ran, for {@code summary.json}. */
final class GitInfo {

    private GitInfo() {
    }

    /**
     * {@code git rev-parse HEAD}, with {@code -dirty} when the code has uncommitted changes; "unknown" without git.
     * What runs write under {@code results/} (a sweep rewrites its summary after every run) is output, not code.
     */
    static String commit() {
        String head = git("rev-parse", "HEAD");
        if (head == null) return "unknown";
        String status = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude,top)results");
        return status == null || status.isEmpty() ? head : head + "-dirty";
    }

    private static String git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
