package org.mnistlab.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureTest {

    @Test
    void smallGapHasTheSourceWriteUpsCount() {
        // conv 1->6 (54) + BN (12), 6->12 (648) + BN (24), 3 x [12->12 (1296) + BN (24)], 2x2 conv 12->10 (480)
        ModelSummary s = Models.smallGap().summary();
        assertEquals(54 + 12 + 648 + 24 + 3 * (1296 + 24) + 480, s.trainableParams());
        assertEquals(5178, s.trainableParams());
        assertEquals(2 * (6 + 12 + 12 + 12 + 12), s.nonTrainableParams());
        assertEquals("10", s.rows().get(s.rows().size() - 1).outputShape());
    }

    @Test
    void gapLinearMatchesPyTorchReference() {
        // 7-7-10 | 10-12 | 16-18 (padded), GAP, Linear(18 -> 10): 7,784 in PyTorch.
        long convs = 1 * 7 * 9 + 7 * 7 * 9 + 7 * 10 * 9 + 10 * 10 * 9 + 10 * 12 * 9 + 12 * 16 * 9 + 16 * 18 * 9;
        long bns = 2 * (7 + 7 + 10 + 10 + 12 + 16 + 18);
        assertEquals(convs + bns + 18 * 10 + 10, Models.gapLinear().trainableParameters());
        assertEquals(7784, Models.gapLinear().trainableParameters());
    }

    @Test
    void theFlattenHeadCountsAWeightPerFeatureAsPyTorchDoes() {
        // Blocks 8-12 | 12-14 (3,836 with BatchNorm), then 14 channels x 4 x 4 = 224 features -> Linear(224 -> 10).
        Architecture a = Models.flattenHead();
        long convs = 1 * 8 * 9 + 8 * 12 * 9 + 12 * 12 * 9 + 12 * 14 * 9;
        long bns = 2 * (8 + 12 + 12 + 14);
        assertEquals(convs + bns + 224 * 10 + 10, a.trainableParameters());
        assertEquals(6086, a.trainableParameters());
        ModelSummary s = a.summary();
        ModelSummary.Row flatten = s.rows().stream().filter(r -> r.name().equals("flatten")).findFirst().orElseThrow();
        assertEquals("224", flatten.outputShape());
        assertEquals(0, flatten.trainableParams());
        assertTrue(a.parameterBudget(8000).contains("| fc (Linear 224->10) | 224·10 + 10 | 2,250 |"),
                a.parameterBudget(8000));
        // The layer after the flatten sees every position of the last map, so the whole digit.
        assertTrue(flatten.receptiveField() >= 28, "receptive field " + flatten.receptiveField());
        assertEquals(a, Architecture.parse(a.toText()));
        assertTrue(a.toText().endsWith(" pool(2) flatten dense(10,bias)"), a.toText());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Architecture.builder("x").convBlock(10).flatten().flatten().dense(10).build());
        assertTrue(twice.getMessage().contains("needs a feature map"), twice.getMessage());
        // Features after a flatten are normalised one by one (PyTorch's BatchNorm1d): 2 per feature.
        Architecture normed = Architecture.builder("n").conv(2, 27).flatten().add(new LayerSpec.BatchNorm()).dense(10)
                .build();
        assertEquals(2 * 27 * 27 + 2 * 8 + 8 * 10 + 10, normed.trainableParameters());
    }

    @Test
    void aDepthwiseConvolutionLearnsOneKernelPerChannelAsPyTorchCountsIt() {
        // Conv2d(1, 8, 3) 72 + BN 16 | Conv2d(8, 8, 3, groups=8) 72 + Conv2d(8, 12, 1) 96 + BN 24 | pool |
        // Conv2d(12, 12, 3, padding=1, groups=12, bias=True) 108 + 12 | Conv2d(12, 10, 1) 120: 520 in PyTorch.
        Architecture a = Architecture.parse("sep 1x28x28 10 : conv(8,3,0,nobias) bn relu dwconv(3,0,nobias) "
                + "conv(12,1,0,nobias) bn relu pool(2) dwconv(3,1,bias) relu conv(10,1,0,nobias) gap");
        assertEquals(72 + 16 + 72 + 96 + 24 + 108 + 12 + 120, a.trainableParameters());
        assertEquals(a.trainableParameters(), a.build(1).dl4j().numParams() - 2 * (8 + 12), "DL4J's own count, "
                + "less BatchNorm's running statistics");
        assertEquals(a, Architecture.parse(a.toText()));
        assertTrue(a.toText().contains(" dwconv(3,0,nobias) conv(12,1,0,nobias) "), a.toText());
        ModelSummary s = a.summary();
        assertEquals("dwconv2", s.rows().get(3).name());
        assertEquals("Depthwise conv 3x3, 8 maps, no bias", s.rows().get(3).kind());
        assertEquals("8x24x24", s.rows().get(3).outputShape());
        assertEquals(5, s.rows().get(3).receptiveField());
        assertEquals("12x12x12", s.rows().get(8).outputShape(), "padding keeps the map");
        assertTrue(a.parameterBudget(8000).contains("| dwconv4 (Depthwise conv 3x3, 12 maps, pad 1) | 3·3·12 + 12 | 120 |"),
                a.parameterBudget(8000));
        // Per image: 8·26·26·9 + 8·24·24·9 + 12·24·24·8 + 12·12·12·9 + 10·12·12·12.
        assertEquals(8L * 26 * 26 * 9 + 8 * 24 * 24 * 9 + 12 * 24 * 24 * 8 + 12 * 12 * 12 * 9 + 10 * 12 * 12 * 12,
                a.multiplyAdds());
        // DL4J's configuration reads back as the same architecture, and a DL4J initialisation starts each kernel as
        // PyTorch does: U(-1/3, 1/3) for 3x3 taps, whatever the channel count.
        var net = a.build(1).dl4j();
        assertEquals(a, Architecture.fromDl4j("sep", net.getLayerWiseConfigurations()));
        double largest = net.getLayer(3).getParam("W").amaxNumber().doubleValue();
        assertTrue(largest > 0.25 && largest <= 1 / 3.0, "largest depthwise weight " + largest);
        Architecture built = Architecture.builder("sep").convBlock(8).separableConvBlock(12).maxPool()
                .add(new LayerSpec.DepthwiseConv(3, 1, true)).relu().conv(10, 1).globalAvgPool().build();
        assertEquals(a.layers(), built.layers(), "the builder's separable block is the text's");
        // Dilation 2: nine weights spread over 5x5 pixels; padding 2 keeps a 12x12 map, and the receptive field grows by
        // 4 input steps of the map (8 pixels after the pool), not 2.
        Architecture dilated = Architecture.parse("d 1x28x28 10 : conv(8,3,0,nobias) bn relu pool(2) "
                + "dwconv(3,2,nobias,2) conv(10,1,0,nobias) gap");
        assertEquals(new LayerSpec.DepthwiseConv(3, 2, false, 2), dilated.layers().get(4));
        assertEquals(5, ((LayerSpec.DepthwiseConv) dilated.layers().get(4)).span());
        assertEquals(dilated, Architecture.parse(dilated.toText()));
        assertTrue(dilated.toText().contains("dwconv(3,2,nobias,2)"), dilated.toText());
        ModelSummary ds = dilated.summary();
        assertEquals("Depthwise conv 3x3, dilation 2, 8 maps, pad 2, no bias", ds.rows().get(4).kind());
        assertEquals("8x13x13", ds.rows().get(4).outputShape());
        assertEquals(ds.rows().get(3).receptiveField() + 8, ds.rows().get(4).receptiveField());
        assertEquals(72 + 16 + 72 + 80, dilated.trainableParameters());
        assertEquals(dilated, Architecture.fromDl4j("d", dilated.build(1).dl4j().getLayerWiseConfigurations()));
        IllegalArgumentException tooWide = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parse("m 1x4x4 10 : dwconv(3,0,nobias,2) gap"));
        assertTrue(tooWide.getMessage().contains("with dilation 2 (a span of 5 pixels) does not fit a 4x4 map"),
                tooWide.getMessage());
        for (String bad : List.of("m 1x28x28 10 : dwconv(3,0) gap", "m 1x28x28 10 : dwconv(3,5,nobias,2) gap",
                "m 1x28x28 10 : dwconv(3,1,nobias,0) gap", "m 1x28x28 10 : dwconv(3,-1,nobias) gap",
                "m 1x28x28 10 : dwconv(3,0,yes) gap", "m 1x4x4 10 : dwconv(5,0,nobias) gap")) {
            assertThrows(IllegalArgumentException.class, () -> Architecture.parse(bad), bad);
        }
    }

    @Test
    void biasIsCountedOnlyWhenPresent() {
        Architecture withBias = Architecture.builder("b").conv(10, 28, 0, true).build();
        Architecture noBias = Architecture.builder("nb").conv(10, 28, 0, false).build();
        assertEquals(28 * 28 * 10 + 10, withBias.trainableParameters());
        assertEquals(28 * 28 * 10, noBias.trainableParameters());
    }

    @Test
    void shapesAndReceptiveFieldsFollowTheLayers() {
        ModelSummary s = Models.smallGap().summary();
        ModelSummary.Row firstConv = s.rows().get(0);
        assertEquals("6x26x26", firstConv.outputShape());
        assertEquals(3, firstConv.receptiveField());
        ModelSummary.Row firstPool = s.rows().stream().filter(r -> r.name().startsWith("pool")).findFirst().orElseThrow();
        assertEquals("12x12x12", firstPool.outputShape());
        assertEquals(6, firstPool.receptiveField()); // 5 + (2-1)*1
    }

    @Test
    void everyTutorialModelIsUnderBudgetFromGapOn() {
        for (Architecture a : List.of(Models.gap(), Models.finalModel(), Models.smallGap(), Models.gapLinear())) {
            assertTrue(a.trainableParameters() < 8000, a.name() + " has " + a.trainableParameters());
        }
    }

    @Test
    void rejectsArchitecturesThatDoNotEndInTenScores() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.builder("x").convBlock(8).globalAvgPool().build());
        assertTrue(e.getMessage().contains("8 outputs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Architecture.builder("x").convBlock(10).build());
        assertThrows(IllegalArgumentException.class, () -> Architecture.builder("x").conv(10, 29).build());
        assertThrows(IllegalArgumentException.class, () -> Architecture.builder("x").dropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> Architecture.builder("x").dense(10).build());
    }

    @Test
    void textFormRoundTrips() {
        for (String name : List.of("baseline", "batchnorm", "dropout", "gap", "final", "small-gap", "gap-linear",
                "flatten-head")) {
            Architecture a = Models.byName(name);
            assertEquals(a, ArchitectureCodec.decode(ArchitectureCodec.encode(a)));
        }
        assertThrows(IllegalArgumentException.class, () -> Models.byName("resnet"));
    }

    @Test
    void textFormRoundTripsEveryTutorialModelIncludingBatchNormMomentumAndDropout() {
        for (String name : List.of("baseline", "batchnorm", "dropout", "gap", "final", "small-gap", "gap-linear",
                "flatten-head")) {
            Architecture a = Models.byName(name);
            assertEquals(a, Architecture.parse(a.toText()), name);
        }
        Architecture steady = Architecture.builder("steady").batchNormMomentum(0.01).convBlock(8).maxPool()
                .conv(10, 1).globalAvgPool().build();
        assertEquals(steady, Architecture.parse(steady.toText()));
        assertTrue(steady.toText().contains(" bn(0.01) "), steady.toText());
        assertTrue(Models.gap().toText().contains(" bn relu "), "PyTorch's default momentum stays implicit");
        Architecture spaced = Architecture.parse("m 1x28x28 10 :  conv(8,3,0,nobias)   bn(0.05) relu pool(2)\n"
                + " conv(10,1,0,nobias) gap");
        assertEquals(new LayerSpec.BatchNorm(0.05), spaced.layers().get(1));
        assertEquals(List.of(new LayerSpec.Conv(8, 3, 0, false), new LayerSpec.BatchNorm(0.05), new LayerSpec.Relu(),
                new LayerSpec.Dropout(0.1), new LayerSpec.MaxPool(2), new LayerSpec.Conv(10, 1, 0, false),
                new LayerSpec.GlobalAvgPool()), spaced.withDropout(0.1).layers());
        assertEquals(spaced, spaced.withDropout(0.1).withDropout(0));
        for (String bad : List.of("m 1x28x28 10 : conv(8,3) gap", "m 1x28 10 : gap", "no layers", "m 1x28x28 10 : bn(2)")) {
            assertThrows(IllegalArgumentException.class, () -> Architecture.parse(bad), bad);
        }
    }

    @Test
    void batchNormMomentumBecomesDl4jsDecay() {
        var conf = Architecture.builder("steady").batchNormMomentum(0.01).convBlock(8).maxPool().conv(10, 1)
                .globalAvgPool().build().build(1).dl4j().getLayerWiseConfigurations();
        var bn = (org.deeplearning4j.nn.conf.layers.BatchNormalization) conf.getConf(1).getLayer();
        assertEquals(0.99, bn.getDecay(), 1e-12);
        var standard = (org.deeplearning4j.nn.conf.layers.BatchNormalization) Models.gap().build(1).dl4j()
                .getLayerWiseConfigurations().getConf(1).getLayer();
        assertEquals(0.9, standard.getDecay(), 1e-12);
    }

    @Test
    void theBudgetShowsEachLayersArithmeticAndAddsUp() {
        String md = Models.finalModel().parameterBudget(8000);
        assertTrue(md.contains("| conv1 (Conv 3x3, 1->8, no bias) | 3·3·1·8 | 72 |"), md);
        assertTrue(md.contains("| bn1 (BatchNorm) | 2·8 | 16 |"), md);
        assertTrue(md.contains("| conv6 (Conv 1x1, 18->10, no bias) | 1·1·18·10 | 180 |"), md);
        assertTrue(md.contains("| **Total** | 228 under the budget of fewer than 8,000 | **7,772** |"), md);
        long sum = md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| **") && !l.startsWith("| Layer"))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf("| ", l.length() - 3) + 2, l.length() - 2)
                        .replace(",", ""))).sum();
        assertEquals(Models.finalModel().trainableParameters(), sum, "the rows add up to the total");
        assertTrue(Models.baseline().parameterBudget(8000).contains("| conv1 (Conv 3x3, 1->8) | 3·3·1·8 + 8 | 80 |"));
        assertTrue(Models.gapLinear().parameterBudget(7000).contains("785 over the budget"));
    }
}
