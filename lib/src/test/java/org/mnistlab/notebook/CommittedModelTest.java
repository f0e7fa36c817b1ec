package org.mnistlab.notebook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mnistlab.data.MnistData;
import org.mnistlab.model.Network;
import org.mnistlab.report.Results;
import org.mnistlab.train.EpochMetrics;
import org.mnistlab.train.Evaluation;
import org.mnistlab.train.Experiments;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The committed models (notebook 09 shows the final recipe's mistakes, notebook 11 the smallest network's against
 * them) are the models their confirming runs judged last: the first seed's weights after epoch 15. Evaluated on the
 * real test set each scores exactly the test accuracy {@code history.csv} records for that epoch, and each is its
 * experiment's architecture today.
 */
class CommittedModelTest {

    @ParameterizedTest
    @CsvSource({"confirmation, final, 101, 09-weight-average", "confirmation-small, smallest, 201, 11-smallest"})
    void aCommittedModelScoresWhatItsRunRecorded(String sweep, String variant, int seed, String experiment)
            throws Exception {
        Results runs = Results.find().sweep(sweep);
        Results.Run run = runs.forExperiment(variant).stream().filter(r -> r.seed() == seed).findFirst()
                .orElseThrow();
        Path file = runs.dir().resolve(variant).resolve(String.valueOf(seed)).resolve(Lab.COMMITTED_MODEL);
        Network network = Network.load(file);
        assertEquals(Experiments.byName(experiment).architecture().toText().split(" ", 2)[1],
                network.architecture().toText().split(" ", 2)[1], "the experiment's architecture, whatever its name");
        Evaluation evaluation = Lab.evaluate(network, MnistData.load().test());
        EpochMetrics last = run.history().last();
        assertEquals(last.testAccuracy(), evaluation.accuracy(), 0.005,
                "the committed model is not the one its run judged at epoch " + last.epoch());
    }
}
