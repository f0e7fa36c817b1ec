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
 * The final recipe's committed model (notebook 06 shows its mistakes) is the model its run judged last: seed 9's best
 * checkpoint, whose best epoch is its last. Evaluated on the real test set it scores exactly the test accuracy
 * {@code history.csv} records for that epoch, and it is today's final architecture.
 */
class CommittedModelTest {

    private static final int SEED = 9;

    @Test
    void theCommittedFinalModelScoresWhatItsRunRecorded() throws Exception {
        String experiment = "06-one-cycle"; // TODO(merge): the committed model moves to a confirmation run
        Results.Run run = Results.find().forExperiment(experiment).stream().filter(r -> r.seed() == SEED).findFirst()
                .orElseThrow();
        Path file = Results.find().dir().resolve(experiment).resolve(String.valueOf(SEED)).resolve(Lab.COMMITTED_MODEL);
        Network network = Network.load(file);
        assertEquals(Experiments.finalRecipe().architecture().toText(), network.architecture().toText());
        Evaluation evaluation = Lab.evaluate(network, MnistData.load().test());
        EpochMetrics last = run.history().last();
        assertEquals(last.epoch(), run.history().best().orElseThrow().epoch(), "the best epoch is the last");
        assertEquals(last.testAccuracy(), evaluation.accuracy(), 0.005,
                "the committed model is not the one its run judged at epoch " + last.epoch());
    }
}
