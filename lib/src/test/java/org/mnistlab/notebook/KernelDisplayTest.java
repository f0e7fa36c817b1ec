package org.mnistlab.notebook;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a small notebook through a real Jupyter client (nbclient) and the real Java kernel (JJava), with
 * this build's classes on the kernel's classpath, and checks what arrives in the notebook: which kernel the library
 * found, HTML tables, PNG charts, Markdown, and a chart replaced in place by {@code update} (the updated image shows
 * in the cell that first displayed it).
 *
 * <p>Needs a Python with requirements.txt installed (nbclient and JJava: {@code ./mnistlab test} passes the project
 * venv's as {@code MNIST_LAB_PYTHON}).
 */
@Tag("integration")
class KernelDisplayTest {

    private static final String KERNEL = "mnistlab-display-test";

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void outputsArriveInARealNotebookAndUpdatesReplaceTheirDisplay(@TempDir Path dir)
            throws Exception {
        // The Python ./mnistlab chose (it exports MNIST_LAB_PYTHON to Maven), else -Dmnistlab.python, else the venv's.
        String chosen = System.getenv("MNIST_LAB_PYTHON");
        Path python = Path.of(System.getProperty("mnistlab.python",
                chosen != null && !chosen.isBlank() ? chosen : "../.venv/bin/python"));
        requireJupyter(python);

        Path classpathJar = classpathJar(dir.resolve("classpath.jar"));
        Path spec = dir.resolve("jupyter/kernels/" + KERNEL);
        Files.createDirectories(spec);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(spec.resolve("kernel.json"), """
                {"argv": [%s, "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED", "-jar", %s, "{connection_file}"],
                 "display_name": "MNIST Lab display test", "language": "java", "interrupt_mode": "message",
                 "env": {"JJAVA_CLASSPATH": %s}}
                """.formatted(json(java), json(jjavaJar(python).toString()), json(classpathJar.toString())));

        Path cells = dir.resolve("cells.java");
        Files.writeString(cells, String.join("\n#%%\n", List.of(
                "import org.mnistlab.notebook.*;\nimport org.mnistlab.report.*;\nimport org.mnistlab.train.*;\n"
                        + "import java.util.*;",
                "var d = Display.auto();\nSystem.out.println(\"inNotebook=\" + d.inNotebook() + \" kernel=\" "
                        + "+ d.kernel().orElse(\"none\"));",
                "var h = new TrainingHistory(List.of(new EpochMetrics(1, 0.3, 90.0, 0.1, 97.0, 0.01, 10.0, 6000)));\n"
                        + "d.show(Tables.history(h));",
                "String id = d.showUpdatable(Charts.lossAndAccuracy(h, 700, 300));",
                "d.update(id, Charts.lossAndAccuracy(h.plus(new EpochMetrics(2, 0.2, 95.0, 0.07, 98.0, 0.005, 10.0, "
                        + "6000)), 1000, 400));",
                "Notebook.markdown(\"**Target:** 99.4 %\");",
                """
                var live = new LiveTraining();
                live.onStart(new TrainingPlan("demo", 1, 2, 50, 3200, 1000));
                var run = TrainingHistory.empty();
                for (int e = 1; e <= 2; e++) {
                    for (int b = 1; b <= 50; b++) {
                        live.onBatch(BatchProgress.of(e, 2).batch(b, 50).running(0.5 / e, 90 + e)
                                .learningRate(0.01).speed(5000, (50 - b) * 0.01).build());
                        Thread.sleep(10);
                    }
                    run = run.plus(new EpochMetrics(e, 0.5 / e, 90 + e, 0.2 / e, 97 + e, 0.01, 1.0, 5000));
                    live.onEpoch(run.last(), run);
                }
                live.onEnd(run);""")));

        Path out = dir.resolve("outputs.txt");
        ProcessBuilder pb = new ProcessBuilder(python.toString(), resource("run_notebook.py", dir).toString(), KERNEL,
                cells.toString());
        pb.environment().put("JUPYTER_PATH", dir.resolve("jupyter").toString());
        pb.environment().put("JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
        pb.redirectErrorStream(false).redirectOutput(out.toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("notebook did not finish in 5 minutes; stderr:\n" + tail(dir.resolve("stderr.txt")));
        }
        List<String> lines = Files.readAllLines(out);
        String all = String.join("\n", lines) + "\n--- stderr ---\n" + tail(dir.resolve("stderr.txt"));
        assertEquals(0, p.exitValue(), all);

        assertTrue(lines.stream().noneMatch(l -> l.contains(": error ")), all);
        assertTrue(lines.contains("cell 1: stream inNotebook=true kernel=jjava"), all);
        assertEquals(List.of("cell 2: display_data text/html,text/plain text=Training history"), displays(lines, 2),
                all);
        // The chart shown in cell 3 was replaced by cell 4's update: cell 3 holds the 1000x400 image, cell 4 nothing.
        assertEquals(List.of("cell 3: display_data image/png,text/plain png=1000x400 "
                + "text=[chart: Loss and accuracy, 1000x400 px]"), displays(lines, 3), all);
        assertEquals(List.of(), displays(lines, 4), all);
        assertEquals(List.of("cell 5: display_data text/markdown,text/plain text=**Target:** 99.4 %"),
                displays(lines, 5), all);
        // Live training: one progress line and one chart, both updated in place to their final state.
        List<String> live = displays(lines, 6);
        assertEquals(2, live.size(), all);
        assertTrue(live.get(0).startsWith("cell 6: display_data text/html,text/plain text=Finished 2 epochs: best "
                + "test accuracy 99.00% (epoch 2)"), all);
        assertEquals("cell 6: display_data image/png,text/plain png=960x360 text=[chart: Loss and accuracy, "
                + "960x360 px]", live.get(1), all);
    }

    private static List<String> displays(List<String> lines, int cell) {
        String prefix = "cell " + cell + ": ";
        return lines.stream().filter(l -> l.startsWith(prefix) && !l.startsWith(prefix + "stream")).toList();
    }

    private static void requireJupyter(Path python) throws Exception {
        String help = "this test runs a real notebook: run it through ./mnistlab test (which makes the project venv), "
                + "or point MNIST_LAB_PYTHON (or -Dmnistlab.python) at a Python that has requirements.txt installed";
        if (!Files.isExecutable(python)) fail(python + " not found; " + help);
        Process p = new ProcessBuilder(python.toString(), "-c", "import nbclient, nbformat, jupyter_client")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) fail(python + " cannot import nbclient: " + text.strip() + "; " + help);
    }

    /**
     * JJava's kernel jar as its PyPI package ({@code pip install jjava}, in requirements.txt) installs it into
     * {@code python}'s prefix.
     */
    private static Path jjavaJar(Path python) throws Exception {
        Process p = new ProcessBuilder(python.toString(), "-c", "import sys; print(sys.prefix)").start();
        String prefix = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        Path jar = Path.of(prefix, "share", "jupyter", "kernels", "java", "jjava.jar");
        if (!Files.isRegularFile(jar)) {
            fail("JJava is not installed in " + python + " (no " + jar + "): install it with '" + python
                    + " -m pip install -r requirements.txt', or run the tests through ./mnistlab test");
        }
        return jar;
    }

    /**
     * One classpath entry, as the lab's kernel spec gives the library jar: a manifest-only jar whose Class-Path lists
     * this test JVM's classpath (the library's classes and its dependencies).
     */
    private static Path classpathJar(Path jar) throws IOException {
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.exists(p)) urls.add(p.toUri().toString());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out,
                manifest)) {
            // manifest only
        }
        return jar;
    }

    private static Path resource(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = KernelDisplayTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("test resource missing: " + name);
            Files.copy(in, target);
        }
        return target;
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) return "";
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
