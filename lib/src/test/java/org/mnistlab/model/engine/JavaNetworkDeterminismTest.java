package org.mnistlab.model.engine;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistData;
import org.mnistlab.model.Architecture;
import org.mnistlab.model.Models;
import org.mnistlab.model.Network;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Nesterovs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Java engine gives bit-identical training on 1, 2 or 3 threads, dropout included. */
class JavaNetworkDeterminismTest {

    /** On a CPU without 128-bit vectors (or with the engine switched off) there is nothing to test here: say so. */
    @BeforeEach
    void javaEngine() {
        assumeTrue(JavaEngine.available(), () -> "Java-engine tests skipped: " + JavaEngine.unavailableReason()
                + "; the DL4J-engine tests run");
    }

    @Test
    void threadCountDoesNotChangeAnyBit() {
        DataSet batch;
        try (MnistBatches b = MnistBatches.inOrder(MnistData.load().train(), 40)) {
            batch = b.next(); // 40: five chunks of 8, so threads really share the work
        }
        Architecture a = Models.dropout(0.1);
        float[][] params = new float[3][];
        double[] losses = new double[3];
        for (int threads = 1; threads <= 3; threads++) {
            Network network = a.build(6);
            network.configureOptimizer(new Nesterovs(0.05, 0.9), 1e-4);
            MultiLayerNetwork net = network.dl4j();
            JavaNetwork compiled = JavaNetwork.compile(net, 1, 28, 28, new WorkerPool(threads));
            org.nd4j.linalg.api.rng.Random dropout = Nd4j.getRandomFactory().getNewRandomInstance(12);
            for (int step = 0; step < 4; step++) {
                losses[threads - 1] = compiled.fit(batch.getFeatures(), batch.getLabels(), null, dropout);
            }
            assertTrue(compiled.usesJavaOptimizer());
            params[threads - 1] = NdArrays.read(net.params());
        }
        assertEquals(losses[0], losses[1]);
        assertEquals(losses[0], losses[2]);
        assertArrayEquals(params[0], params[1], "1 vs 2 threads");
        assertArrayEquals(params[0], params[2], "1 vs 3 threads");
    }

    @Test
    void dropoutKeepsTheRightShareAndScalesByItsInverse() {
        DropoutLayer drop = new DropoutLayer("d", new Dims(4, 10, 10), 0.7, new WorkerPool(2));
        int n = 64, size = 400;
        float[] x = new float[n * size], y = new float[n * size], again = new float[n * size];
        java.util.Arrays.fill(x, 2f);
        drop.forward(x, y, n, true, 42L);
        int kept = 0;
        for (float v : y) {
            assertTrue(v == 0f || Math.abs(v - 2f / 0.7f) < 1e-6, "kept values are scaled by 1/keep: " + v);
            if (v != 0f) kept++;
        }
        double share = kept / (double) y.length; // 25,600 draws: standard error 0.003
        assertEquals(0.7, share, 0.015, "share kept");
        drop.forward(x, again, n, true, 42L);
        assertArrayEquals(y, again, "same seed, same mask");
        drop.forward(x, again, n, false, 42L);
        assertArrayEquals(x, again, "inference passes through");
        float[] dy = new float[n * size], dx = new float[n * size];
        java.util.Arrays.fill(dy, 1f);
        drop.forward(x, y, n, true, 42L);
        drop.backward(x, y, dy, dx, n, null);
        for (int i = 0; i < dx.length; i++) assertEquals(y[i] / 2f, dx[i], 1e-6f, "gradient uses the same mask");
    }

    @Test
    void networksWithLayersItCannotComputeAreRefusedWithTheReason() {
        var conf = new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(4).build())
                .layer(new GlobalPoolingLayer.Builder().build())
                .layer(new OutputLayer.Builder().nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        String reason = JavaNetwork.unsupportedReason(net, 1, 28, 28);
        assertTrue(reason != null && reason.contains("stride 1"), reason);
        assertThrows(IllegalArgumentException.class, () -> JavaNetwork.compile(net, 1, 28, 28, WorkerPool.SERIAL));
    }
}
