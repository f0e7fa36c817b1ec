package org.mnistlab.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkTest {

    @Test
    void dl4jHoldsExactlyTheTrainableParametersPlusRunningStatistics() {
        for (String name : List.of("baseline", "batchnorm", "dropout", "gap", "final", "small-gap", "gap-linear", "flatten-head")) {
            Architecture a = Models.byName(name);
            Network net = a.build(1);
            ModelSummary s = a.summary();
            assertEquals(s.trainableParams() + s.nonTrainableParams(), net.dl4j().numParams(), name);
            long runningStats = 0;
            for (Layer layer : net.dl4j().getLayers()) {
                if (layer.conf().getLayer() instanceof BatchNormalization) {
                    // Everything but gamma and beta: running mean and variance (or log10 std, as M2.1 stores it).
                    runningStats += layer.paramTable().entrySet().stream()
                            .filter(e -> !e.getKey().equals("gamma") && !e.getKey().equals("beta"))
                            .mapToLong(e -> e.getValue().length()).sum();
                }
            }
            assertEquals(s.nonTrainableParams(), runningStats, name);
        }
    }

    /** The bench's profile: every layer of the Java engine's network, counted over the steps that follow the call. */
    @Test
    void timeLayersRecordsEveryLayerOfTheFollowingSteps() {
        Network net = Models.gap().build(3, EngineChoice.JAVA_VECTOR);
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28);
        INDArray y = Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5);
        net.fit(x, y);
        org.mnistlab.model.engine.LayerTimes times = net.timeLayers();
        assertEquals(0, times.steps());
        net.fit(x, y);
        net.fit(x, y);
        assertEquals(2, times.steps());
        List<org.mnistlab.model.engine.LayerTimes.Row> rows = times.rows();
        assertTrue(rows.get(0).layer().contains("ConvolutionLayer"), rows.toString());
        assertEquals("optimiser update", rows.get(rows.size() - 1).layer());
        assertTrue(rows.stream().allMatch(r -> r.forwardMs() >= 0 && r.backwardMs() >= 0), rows.toString());
        Network dl4j = Models.gap().build(3, EngineChoice.DL4J);
        assertThrows(IllegalStateException.class, dl4j::timeLayers);
    }

    /** Regression: DL4J's BatchNormalization ignores an activation set on it, so the ReLU must be its own layer. */
    @Test
    void reluAfterBatchNormIsApplied() {
        Network net = Architecture.builder("bn-relu").convBlock(10, 28, 0).build().build(2); // conv -> BN -> ReLU
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 1, 28, 28).subi(0.5);
        List<INDArray> acts = net.dl4j().feedForward(x, true);
        INDArray afterBn = null;
        INDArray afterRelu = null;
        for (int i = 0; i < net.dl4j().getLayers().length; i++) {
            Object conf = net.dl4j().getLayer(i).conf().getLayer();
            if (conf instanceof BatchNormalization) afterBn = acts.get(i + 1);
            if (conf instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer) afterRelu = acts.get(i + 1);
        }
        assertTrue(afterBn != null && afterBn.minNumber().doubleValue() < 0, "BatchNorm output has negatives");
        assertTrue(afterRelu != null, "a separate ReLU layer follows BatchNorm");
        assertEquals(0.0, afterRelu.minNumber().doubleValue(), 0.0, "ReLU output is never negative");
    }

    @Test
    void sameSeedSameWeights() {
        INDArray a = Models.gap().build(7).dl4j().params();
        INDArray b = Models.gap().build(7).dl4j().params();
        INDArray c = Models.gap().build(8).dl4j().params();
        assertEquals(a, b);
        assertFalse(a.equals(c));
    }

    @Test
    void outputsAreProbabilities() {
        Network net = Models.smallGap().build(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
        INDArray p = net.output(x);
        assertArrayEquals(new long[]{4, 10}, p.shape());
        for (int i = 0; i < 4; i++) assertEquals(1.0, p.getRow(i).sumNumber().doubleValue(), 1e-5);
        assertEquals(4, net.predict(x).length);
    }

    @Test
    void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) throws Exception {
        Network net = Models.gapLinear().build(5);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
        Path file = dir.resolve("model.zip");
        net.save(file);
        Network back = Network.load(file);
        assertEquals(net.architecture(), back.architecture());
        assertEquals(net.output(x), back.output(x));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void loadingSomethingElseFailsClearly(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a zip");
        assertThrows(java.io.IOException.class, () -> Network.load(junk));
        assertThrows(java.io.IOException.class, () -> Network.load(dir.resolve("missing.zip")));
    }
}
