package org.mnistlab.cli;

import org.mnistlab.model.Network;
import org.mnistlab.train.Checkpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code export}: a trained model's weights as a small model file for inference, e.g. the committed final model
 * that the final lesson evaluates.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model file's weights (BatchNorm statistics included) without its training state: a "
                + "small file that Network.load reads, for inference.")
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A model file, e.g. a run's checkpoints/best.zip, or "
            + "its last.zip: the weights the run evaluated after its last epoch (the weight average, if it has one).")
    Path model;

    @Option(names = "--out", required = true, description = "The file to write (replaced atomically).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(model)) throw new IllegalArgumentException("no model file at " + model);
        Network trained = Checkpoints.evaluatedModel(model); // a last.zip's weight average, when it holds one
        Network exported = trained.weightsOnly();
        exported.save(out);
        System.out.printf(Locale.ROOT, "wrote %s: %s, %,d trainable parameters, %,d bytes (from %s, %,d bytes)%n",
                out, exported.architecture().name(), exported.architecture().trainableParameters(), Files.size(out),
                model, Files.size(model));
        return 0;
    }
}
