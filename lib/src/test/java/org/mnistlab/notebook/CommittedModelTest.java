package org.mnistlab.notebook;

import org.junit.jupiter.api.Test;
import org.mnistlab.data.MnistData;
import org.mnistlab.model.Network;
import org.mnistlab.report.Results;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Evaluation;
import org.mnistlab.train.Experiments;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The final recipe's committed model (notebook 09 shows its mistakes) is the model its confirming run judged last:
 * seed 101's weights after epoch 15. Evaluated on the real test set it scores exactly the test accuracy
 * {@code history.csv} records for that epoch, and it is today's final architecture.
 */
class CommittedModelTest {

    private static final String SWEEP = "confirmation";
    private static final String VARIANT = "final";
    private static final int SEED = 101;

    @Test
    void theCommittedFinalModelScoresWhatItsRunRecorded() throws Exception {
        Results runs = Results.find().sweep(SWEEP);
        Results.Run run = runs.forExperiment(VARIANT).stream().filter(r -> r.seed() == SEED).findFirst()
                .orElseThrow();
        Path file = runs.dir().resolve(VARIANT).resolve(String.valueOf(SEED)).resolve(Lab.COMMITTED_MODEL);
        Network network = Network.load(file);
        assertEquals(Experiments.finalRecipe().architecture().toText().split(" ", 2)[1],
                network.architecture().toText().split(" ", 2)[1], "the final architecture, whatever its name");
        Evaluation evaluation = Lab.evaluate(network, MnistData.load().test());
        EpochMetrics last = run.history().last();
        assertEquals(last.testAccuracy(), evaluation.accuracy(), 0.005,
                "the committed model is not the one its run judged at epoch " + last.epoch());
    }
}
