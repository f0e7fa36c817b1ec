package org.mnistlab.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.net.URL;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Guards the compatibility shim {@code org.nd4j.nativeblas.Nd4jCpu}: it must still be needed, still be found, and
 * the fast path it opens must compute what DL4J's built-in path computes.
 */
class NativeHelperShimTest {

    @Test
    void nd4jItselfStillLacksTheClassDl4jLooksUp() throws Exception {
        List<URL> copies = Collections.list(getClass().getClassLoader()
                .getResources("org/nd4j/nativeblas/Nd4jCpu.class"));
        assertEquals(1, copies.size(), "a DL4J/ND4J upgrade ships org.nd4j.nativeblas.Nd4jCpu again: delete the "
                + "shim in lib/src/main/java/org/nd4j/nativeblas and this test. Copies: " + copies);
        assertTrue(copies.get(0).toString().contains("classes"), "the only copy must be ours: " + copies);
        // The class it delegates to must still exist with the method it calls.
        Class<?> current = Class.forName(org.nd4j.nativeblas.Nd4jCpu.Environment.CURRENT_NAME);
        assertEquals(boolean.class, current.getMethod("isUseONEDNN").getReturnType());
    }

    private static void assumeOneDnn() {
        assumeTrue(Backend.prepare().oneDnn(), "the plain native build (-Dnd4j.classifier=linux-x86_64) has no "
                + "oneDNN helpers to find or compare: these tests check the default onednn build");
    }

    @Test
    void dl4jFindsOneDnnThroughTheShim() {
        assumeOneDnn();
        BackendInfo info = Backend.prepare();
        assertTrue(info.oneDnn(), "the configured nd4j-native build should contain oneDNN: " + info);
        assertTrue(BaseMKLDNNHelper.mklDnnEnabled(), "DL4J still cannot see oneDNN: the shim no longer matches "
                + "the lookup in BaseMKLDNNHelper.mklDnnEnabled()");
        Network net = withHelpers(true, () -> Models.smallGap().build(1));
        assertInstanceOf(MKLDNNConvHelper.class, helperOf(net.dl4j().getLayer(0)));
        assertInstanceOf(MKLDNNBatchNormHelper.class, helperOf(net.dl4j().getLayer(1)));
    }

    /** Tolerance: 1e-4 on probabilities, 2e-3 relative on the gradient vector (float32, different summation order). */
    @Test
    void fastPathMatchesTheBuiltInPath() {
        assumeOneDnn();
        INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).subi(0.4).muli(2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) y.putScalar(i, i % 10, 1);
        for (Architecture a : List.of(Models.smallGap(), Models.gapLinear())) {
            Network reference = withHelpers(false, () -> a.build(11));
            Network fast = withHelpers(true, () -> a.build(11));
            assertNull(helperOf(reference.dl4j().getLayer(0)), "reference must use DL4J's built-in path");
            assertInstanceOf(MKLDNNConvHelper.class, helperOf(fast.dl4j().getLayer(0)));

            INDArray pRef = reference.dl4j().output(x, true);
            INDArray pFast = fast.dl4j().output(x, true);
            assertTrue(pRef.equalsWithEps(pFast, 1e-4), a.name() + ": outputs differ\n" + pRef + "\n" + pFast);

            INDArray gRef = gradient(reference, x, y);
            INDArray gFast = gradient(fast, x, y);
            double relative = gRef.sub(gFast).norm2Number().doubleValue() / gRef.norm2Number().doubleValue();
            assertTrue(relative < 2e-3, a.name() + ": gradients differ by " + relative + " (relative L2)");
        }
    }

    private static INDArray gradient(Network net, INDArray x, INDArray y) {
        net.dl4j().setInput(x);
        net.dl4j().setLabels(y);
        net.dl4j().computeGradientAndScore();
        return net.dl4j().gradient().gradient().dup();
    }

    /** Builds on DL4J's own layers (the dl4j engine), with or without DL4J's oneDNN helpers. */
    private static Network withHelpers(boolean on, java.util.function.Supplier<Network> build) {
        String before = System.getProperty(Backend.HELPERS_DISABLED_PROPERTY);
        System.setProperty(Backend.HELPERS_DISABLED_PROPERTY, Boolean.toString(!on));
        System.setProperty(EngineChoice.PROPERTY, "dl4j");
        try {
            return build.get();
        } finally {
            System.setProperty(Backend.HELPERS_DISABLED_PROPERTY, before == null ? "false" : before);
            System.clearProperty(EngineChoice.PROPERTY);
        }
    }

    private static Object helperOf(Layer layer) {
        return org.mnistlab.model.engine.JavaEngine.helperOf(layer);
    }
}
