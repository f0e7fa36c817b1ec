package org.mnistlab.model.engine;

import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mnistlab.model.Models;
import org.mnistlab.model.Network;
import org.mnistlab.train.LrSchedule;
import org.mnistlab.train.Optimizer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JavaOptimizer} against DL4J's own updater, given the very same gradients: six steps of SGD, Nesterov
 * momentum, Nesterov with a one-cycle plan of rate and momentum, and Adam, each with L2, on the final model's
 * parameters (BatchNorm running statistics included). Parameters and DL4J's updater state must agree to 1e-5 of
 * their largest magnitude: both compute in float, in the same order per element.
 */
class JavaOptimizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "nesterov", "one-cycle", "adam"})
    void stepsLikeDl4jsUpdater(String rule) {
        Network mine = Models.finalModel().build(8);
        Network dl4j = Models.finalModel().build(8);
        for (Network n : new Network[] {mine, dl4j}) n.configureOptimizer(updater(rule), 5e-4);
        MultiLayerNetwork a = mine.dl4j(), b = dl4j.dl4j();
        JavaOptimizer optimizer = JavaOptimizer.of(a);
        Random random = new Random(3);
        b.initGradientsView();
        for (int step = 0; step < 6; step++) {
            float[] grads = new float[(int) a.numParams()];
            for (int i = 0; i < grads.length; i++) grads[i] = (float) random.nextGaussian() * 3f;

            float[] params = NdArrays.read(a.params());
            optimizer.step(params, grads.clone(), 64, step, 0);
            NdArrays.write(params, a.params());

            INDArray view = b.getGradientsViewArray();
            NdArrays.write(grads, view);
            b.getUpdater().update(b, new DefaultGradient(view), step, 0, 64, LayerWorkspaceMgr.noWorkspaces());
            b.params().subi(view.reshape(b.params().shape()));
        }
        assertClose(b.params(), a.params(), rule + ": parameters after 6 steps");
        INDArray stateB = b.getUpdater().getStateViewArray();
        if (stateB != null) assertClose(stateB, a.getUpdater().getStateViewArray(), rule + ": updater state");
    }

    private static IUpdater updater(String rule) {
        return switch (rule) {
            case "sgd" -> new Sgd(0.1);
            case "nesterov" -> Optimizer.sgdMomentum(0.9).toUpdater(LrSchedule.constant(0.05), 1, 6);
            case "one-cycle" -> Optimizer.sgdMomentum(0.9).toUpdater(LrSchedule.oneCycle(0.2), 1, 6);
            case "adam" -> Optimizer.adam().toUpdater(LrSchedule.constant(1e-3), 1, 6);
            default -> throw new IllegalArgumentException(rule);
        };
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.length(), actual.length(), what);
        double scale = expected.amaxNumber().doubleValue();
        double err = expected.sub(actual.reshape(expected.shape())).amaxNumber().doubleValue();
        assertTrue(err <= 1e-5 * scale, what + ": largest difference " + err + " of " + scale);
    }
}
