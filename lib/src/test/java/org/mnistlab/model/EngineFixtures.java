package org.mnistlab.model;

import org.mnistlab.data.MnistBatches;
import org.mnistlab.data.MnistDataset;
import org.mnistlab.model.engine.JavaEngine;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the engine tests share: real MNIST batches, skipping where the Java engine cannot run, a relative check. */
final class EngineFixtures {

    private EngineFixtures() {
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

    static void assertClose(INDArray expected, INDArray actual, double relative, String what) {
        assertEquals(expected.length(), actual.length(), what);
        // Floor 0.01: a batch mean near zero (the running-mean update) is a sum that cancels, so its error is
        // relative to the data (~1), not to itself.
        double scale = Math.max(1e-2, expected.amaxNumber().doubleValue());
        double err = expected.sub(actual.reshape(expected.shape())).amaxNumber().doubleValue();
        assertTrue(err <= relative * scale, what + ": largest difference " + err + " vs largest magnitude " + scale);
    }
}
