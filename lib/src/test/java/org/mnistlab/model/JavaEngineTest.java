package org.mnistlab.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.data.MnistDataset;
import org.mnistlab.model.engine.JavaEngine;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The withKernels path (vector kernels in DL4J's helper slots) against DL4J's own layers (with its oneDNN helpers), on real
 * MNIST images.
 *
 * <p>Layer by layer, given the same input and output gradient, every convolution and batch-norm layer must give the
 * same output, input gradient and parameter gradients to 3e-4 of the largest magnitude (float sums in another
 * order). Through a whole network the two paths are compared more loosely (outputs and loss to 1e-3): tiny rounding
 * differences can flip a ReLU whose input is within 1e-6 of zero, which changes the gradients of every earlier layer
 * by a little; that is the nature of ReLU, not an error of either path.
 */
class JavaEngineTest {

    /** DL4J's own batch-norm sums 30k-term products in float; ours adds per-sample partial sums in double. */
    static final double LAYER_TOLERANCE = 3e-4;
    static DataSet batch;

    @BeforeAll
    static void data() {
        batch = firstBatch(MnistData.load().test(), 48);
    }

    @BeforeEach
    void javaEngine() {
        requireJavaEngine();
    }

    /**
     * Skips the calling test class, saying why, on a machine or setting where the Java engine cannot run (a CPU
     * without vector units, {@code MNIST_LAB_ENGINE=dl4j}); the DL4J-engine tests still run there. A JVM without the Vector
     * API module is a broken test setup, not a machine's limit: that fails.
     */
    static void requireJavaEngine() {
        String unavailable = JavaEngine.unavailableReason();
        String reason = unavailable == null && EngineChoice.fromEnvironment() == EngineChoice.DL4J
                ? "the dl4j engine is chosen for this JVM" : unavailable;
        assertTrue(reason == null || !reason.contains("--add-modules"), "the Java engine is off: " + reason
                + " (the tests run with --add-modules jdk.incubator.vector; see surefire.jvm.args in pom.xml)");
        assumeTrue(reason == null, () -> "Java-engine tests skipped: " + reason + "; the DL4J-engine tests run");
    }

    /**
     * The first {@code size} real MNIST images of {@code split}, in order.
     */
    static DataSet firstBatch(MnistDataset split, int size) {
        try (MnistBatches b = MnistBatches.inOrder(split, size)) {
            return b.next();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "final", "small-gap", "gap-linear"})
    void everyConvolutionAndBatchNormLayerMatchesDl4j(String model) {
        Architecture a = Models.byName(model);
        MultiLayerNetwork withKernels = a.build(5).dl4j();
        MultiLayerNetwork reference = reference(a, 5);
        assertEquals(reference.params(), withKernels.params(), "same initial weights");
        withKernels.initGradientsView();
        reference.initGradientsView();
        List<INDArray> inputs = reference.feedForward(batch.getFeatures(), true);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        int checked = 0;
        for (int i = 0; i < withKernels.getLayers().length; i++) {
            Layer f = withKernels.getLayer(i), r = reference.getLayer(i);
            if (!(f instanceof ConvolutionLayer || f instanceof BatchNormalization)) continue;
            String what = model + " layer " + i + " (" + f.getClass().getSimpleName() + ")";
            assertTrue(isVectorHelper(JavaEngine.helperOf(f)), what + " runs on the vector kernels");
            f.setInput(inputs.get(i).dup(), mgr);
            r.setInput(inputs.get(i).dup(), mgr);
            INDArray out = r.activate(true, mgr);
            assertClose(out, f.activate(true, mgr), LAYER_TOLERANCE, what + " output");
            INDArray epsilon = Nd4j.randn(DataType.FLOAT, out.shape());
            Pair<Gradient, INDArray> gf = f.backpropGradient(epsilon.dup(), mgr);
            Pair<Gradient, INDArray> gr = r.backpropGradient(epsilon.dup(), mgr);
            assertClose(gr.getSecond(), gf.getSecond(), LAYER_TOLERANCE, what + " input gradient");
            for (var e : gr.getFirst().gradientForVariable().entrySet()) {
                INDArray mine = gf.getFirst().gradientForVariable().get(e.getKey());
                assertNotNull(mine, what + " gradient of " + e.getKey());
                assertClose(e.getValue(), mine, LAYER_TOLERANCE, what + " gradient of " + e.getKey());
            }
            checked++;
        }
        assertTrue(checked >= 4, model + ": only " + checked + " layers checked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"final", "gap-linear"})
    void wholeNetworksAgreeAndTrainTheSame(String model) {
        Architecture a = Models.byName(model);
        MultiLayerNetwork withKernels = a.build(5).dl4j();
        MultiLayerNetwork reference = reference(a, 5);
        INDArray x = batch.getFeatures();
        assertClose(reference.output(x, true), withKernels.output(x, true), 1e-3, model + " training-mode output");
        double[] losses = new double[2];
        int k = 0;
        for (MultiLayerNetwork n : new MultiLayerNetwork[] {reference, withKernels}) {
            for (Layer l : n.getLayers()) {
                if (l.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base) {
                    base.setIUpdater(new Nesterovs(0.05, 0.9));
                    base.setBiasUpdater(new Nesterovs(0.05, 0.9));
                }
            }
            n.setUpdater(null);
            for (int step = 0; step < 5; step++) n.fit(batch);
            losses[k++] = n.score(batch);
        }
        assertEquals(losses[0], losses[1], 1e-2 * losses[0], model + " loss after 5 steps");
        assertClose(reference.output(x, false), withKernels.output(x, false), 1e-2, model + " inference output after 5 steps");
    }

    @Test
    void dl4jStillHasTheHelperSlotsTheJavaEngineUses() {
        // Fails, with JavaEngine's message, if a DL4J upgrade renames the fields.
        Network net = Models.finalModel().build(1);
        for (Layer l : net.dl4j().getLayers()) {
            if (l instanceof ConvolutionLayer || l instanceof BatchNormalization) {
                assertTrue(isVectorHelper(JavaEngine.helperOf(l)), l.getClass().getName());
            }
        }
        assertTrue(net.engine().isJavaVector(), net.engine().describe());
        assertFalse(isVectorHelper(JavaEngine.helperOf(reference(Models.finalModel(), 1).getLayer(0))));
    }

    /** The same network on DL4J's own layers: built without {@link JavaEngine#installLayerKernels}. */
    static MultiLayerNetwork reference(Architecture a, long seed) {
        MultiLayerNetwork n = new MultiLayerNetwork(Network.configure(a, seed));
        n.init();
        return n;
    }

    static boolean isVectorHelper(Object helper) {
        return helper != null && helper.getClass().getPackageName().equals("org.mnistlab.model.engine");
    }

    static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        assertEquals(expected.length(), actual.length(), what);
        // Floor 0.01: a batch mean near zero (the running-mean update) is a sum that cancels, so its error is
        // relative to the data (~1), not to itself.
        double scale = Math.max(1e-2, expected.amaxNumber().doubleValue());
        double err = expected.sub(actual.reshape(expected.shape())).amaxNumber().doubleValue();
        assertTrue(err <= relative * scale, what + ": largest difference " + err + " vs largest magnitude " + scale);
    }
}
