package org.mnistlab.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The networks of the five source write-ups in {@code shared/seeds/} (000-004), each written with
 * {@link Architecture#builder(String)} and counted as PyTorch counts them. The write-ups' figures appear here only as
 * expectations; the comments show where each comes from (k·k·C_in·C_out for a convolution, + C_out with a bias;
 * 2·C for a BatchNorm; in·out + out for a linear layer).
 */
class SourceWriteUpsTest {

    // ---------------------------------------------------------------------------------------------------------------
    // 000: BatchNorm -> Dropout -> GAP (-> GAP + augmentation). The write-up names its classes
    // (MNISTNet4BlockWithBatchNormMaxPool{ConvFinal, DropoutConvFinal, DropoutAveragePooling}) and gives the totals
    // (8.88K, 8.88K, 7,954), but lists no layers: the layers below are those of the model.py it links, which reproduce
    // both totals exactly. Every convolution keeps PyTorch's default bias, and BatchNorm follows it.
    // ---------------------------------------------------------------------------------------------------------------

    /** conv (bias) -> BatchNorm -> ReLU [-> Dropout], the block 000 repeats. */
    private static Architecture.Builder biasedBlock(Architecture.Builder b, int out, int kernel, int padding,
                                                    double dropout) {
        b.conv(out, kernel, padding, true).add(bn()).relu();
        return dropout > 0 ? b.add(new LayerSpec.Dropout(dropout)) : b;
    }

    /**
     * 000's four blocks (padded 3x3 convolutions, each block closed by a 1x1 transition and a max-pool, except the
     * last), 1x28x28 -> 10x3x3. Dropout, when on, follows the 3x3 convolutions of blocks 1 and 2 only ("applied in the
     * earlier and mid-level convolutional layers, but not in the final layers").
     */
    private static Architecture.Builder writeUp000Blocks(String name, double dropout) {
        Architecture.Builder b = Architecture.builder(name);
        biasedBlock(b, 8, 3, 1, dropout);             // 3·3·1·8 + 8 = 80, BN 2·8 = 16
        biasedBlock(b, 16, 3, 1, dropout);            // 3·3·8·16 + 16 = 1,168, BN 2·16 = 32
        biasedBlock(b, 8, 1, 0, 0).maxPool();         // 1·1·16·8 + 8 = 136, BN 16; 28 -> 14
        biasedBlock(b, 12, 3, 1, dropout);            // 3·3·8·12 + 12 = 876, BN 24
        biasedBlock(b, 16, 3, 1, dropout);            // 3·3·12·16 + 16 = 1,744, BN 32
        biasedBlock(b, 6, 1, 0, 0).maxPool();         // 1·1·16·6 + 6 = 102, BN 12; 14 -> 7
        biasedBlock(b, 12, 3, 1, 0);                  // 3·3·6·12 + 12 = 660, BN 24
        biasedBlock(b, 12, 3, 1, 0);                  // 3·3·12·12 + 12 = 1,308, BN 24
        biasedBlock(b, 6, 1, 0, 0).maxPool();         // 1·1·12·6 + 6 = 78, BN 12; 7 -> 3
        biasedBlock(b, 10, 3, 1, 0);                  // 3·3·6·10 + 10 = 550, BN 20
        return biasedBlock(b, 10, 3, 1, 0);           // 3·3·10·10 + 10 = 910, BN 20
    }

    /** The four blocks' count: the convolutions, then their BatchNorms. */
    private static final long WRITE_UP_000_BLOCKS = (80 + 1168 + 136 + 876 + 1744 + 102 + 660 + 1308 + 78 + 550 + 910)
            + 2 * (8 + 16 + 8 + 12 + 16 + 6 + 12 + 12 + 6 + 10 + 10);

    /** 000 ConvFinal nets ("BatchNorm" and "Dropout"): a final 3x3 conv block to 10x1x1, Linear(10->10); 8.88K each. */
    @Test
    void writeUp000ConvFinalNetworksWithAndWithoutDropout() {
        Architecture batchNorm = biasedBlock(writeUp000Blocks("000-convfinal-batchnorm", 0), 10, 3, 0, 0)
                .flatten().dense(10).build();
        // "--dropout_prob 0.015" on the command line of every 000 run.
        Architecture dropout = biasedBlock(writeUp000Blocks("000-convfinal-dropout", 0.015), 10, 3, 0, 0)
                .flatten().dense(10).build();
        // Final conv 3·3·10·10 + 10 = 910, its BN 2·10 = 20; Linear 10·10 + 10 = 110.
        long expected = WRITE_UP_000_BLOCKS + 910 + 20 + 110;
        assertEquals(8884, expected);
        for (Architecture a : List.of(batchNorm, dropout)) {
            assertEquals(expected, a.trainableParameters(), a.name());
            // 000, "CNN with Batch Normalization" / "CNN with Dropout", Analysis: "8.88K parameters" (both).
            assertEquals("8.88K", String.format(Locale.ROOT, "%.2fK", a.trainableParameters() / 1000.0), a.name());
        }
        assertEquals("10x1x1", batchNorm.summary().rows().stream().filter(r -> r.name().equals("conv12"))
                .findFirst().orElseThrow().outputShape());
        assertEquals(4, dropout.layers().stream().filter(l -> l instanceof LayerSpec.Dropout).count());
        // 000 also says the Dropout net uses dropout "instead of BatchNorm"; without its 12 BatchNorms it would have
        // 8,884 - 2·(116 + 10) = 8,632, not 8.88K, so they stay (as the class name says).
        long batchNorms = dropout.summary().rows().stream().filter(r -> r.kind().startsWith("BatchNorm"))
                .mapToLong(ModelSummary.Row::trainableParams).sum();
        assertEquals(2 * (116 + 10), batchNorms);
    }

    /** 000 "GAP CNN" (also the final "GAP + Data Augmentation" run): four blocks, GAP, Linear(10->10); 7,954. */
    @Test
    void writeUp000GapNetwork() {
        // AdaptiveAvgPool2d(1) -> Flatten -> Linear(10, 10): the builder's GAP output is already flat.
        Architecture gap = writeUp000Blocks("000-gap", 0.015).globalAvgPool().dense(10).build();
        assertEquals(WRITE_UP_000_BLOCKS + 10 * 10 + 10, gap.trainableParameters());
        // 000, "GAP CNN", Architecture: "Dramatically reduces parameter count to 7,954 (<8K)".
        assertEquals(7954, gap.trainableParameters());
        // "Replacing the final convolutional block with GAP": the 3x3 conv 10->10 with bias and its BatchNorm.
        Architecture convFinal = biasedBlock(writeUp000Blocks("000-convfinal", 0.015), 10, 3, 0, 0)
                .flatten().dense(10).build();
        assertEquals(3 * 3 * 10 * 10 + 10 + 2 * 10, convFinal.trainableParameters() - gap.trainableParameters());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 001: one architecture for its three models (Model 3 baseline and Model 1 have no dropout, Model 2 adds it).
    // ---------------------------------------------------------------------------------------------------------------

    /** 001 "Layer Configuration" (Models 3 and 1): 7-7-10 | 10-12 | 16-18 padded, GAP, Linear(18->10); 7,784. */
    @Test
    void writeUp001GapLinear() {
        Architecture a = Architecture.builder("001-gap-linear")
                .convBlock(7).convBlock(7).convBlock(10)    // bias=False, BN, ReLU; 28 -> 22
                .maxPool()                                  // 11
                .convBlock(10).convBlock(12)                // 11 -> 7
                .maxPool()                                  // 3 (7/2 floored)
                .convBlock(16, 3, 1).convBlock(18, 3, 1)    // "padding=1": stays 3x3
                .globalAvgPool().dense(10)
                .build();
        long convs = 3 * 3 * (1 * 7 + 7 * 7 + 7 * 10 + 10 * 10 + 10 * 12 + 12 * 16 + 16 * 18); // 7,434
        long bns = 2 * (7 + 7 + 10 + 10 + 12 + 16 + 18);                                    // 160
        long linear = 18 * 10 + 10;                                                          // 190
        assertEquals(convs + bns + linear, a.trainableParameters());
        // 001, "Network Structure": "Total Parameters: 7,784 (well under the 8,000 limit)".
        assertEquals(7784, a.trainableParameters());
        assertEquals("18x3x3", a.summary().rows().stream().filter(r -> r.name().equals("conv7")).findFirst()
                .orElseThrow().outputShape());
        assertEquals(Models.gapLinear().layers(), a.layers(), "the library's gap-linear is this network");
    }

    /** 001 Model 2: the same network with dropout 0.1 after every conv block and before the Linear; still 7,784. */
    @Test
    void writeUp001GapLinearWithDropout() {
        // 001 uses Dropout2d (whole channels) after the conv blocks; the builder has element-wise dropout only, which
        // learns nothing either, so the count is the same.
        Architecture a = Architecture.builder("001-gap-linear-dropout").dropout(0.1)
                .convBlock(7).convBlock(7).convBlock(10).maxPool()
                .convBlock(10).convBlock(12).maxPool()
                .convBlock(16, 3, 1).convBlock(18, 3, 1)
                .globalAvgPool().add(new LayerSpec.Dropout(0.1)).dense(10)   // "Dropout(p=0.1) before FC"
                .build();
        assertEquals(8, a.layers().stream().filter(l -> l instanceof LayerSpec.Dropout).count());
        // 001, "Dropout vs. No Dropout": "For this lightweight model (7,784 params)".
        assertEquals(7784, a.trainableParameters());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 002: five versions, but only totals: 6,633 (V1 skeleton), 5,733 (V2, last convolution replaced by GAP), 5,893
    // (V3-V5, BatchNorm in every block except the last layer; V4 and V5 change only the schedule and augmentation).
    // No layer, channel or kernel is given, so the networks themselves cannot be rebuilt. What the figures do pin:
    // V1 - V2 = 900 = 3·3·10·10, a bias-free 3x3 convolution from 10 to 10 channels (with a bias it would be 910);
    // V3 - V2 = 160 = 2·80, BatchNorm over 80 channels. (5,733 and 6,633 are both multiples of 9, as bias-free 3x3
    // convolutions give; both are odd, so some layer has an odd width or a bias. The "Squeeze and Excite" label is
    // not explained: real SE blocks would need layers the builder does not have.)
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * An illustrative body, NOT 002's (which the write-up does not give): bias-free convolutions whose outputs, all
     * but the last, add up to 80 channels, ending on a 10x3x3 map, with BatchNorm when {@code batchNorm}.
     */
    private static Architecture.Builder illustrativeBodyFor002(String name, boolean batchNorm) {
        Architecture.Builder b = Architecture.builder(name);
        int[][] convs = {{8, 3}, {16, 3}, {0, 0}, {8, 1}, {12, 3}, {16, 3}, {20, 3}, {0, 0}}; // {0, 0}: max-pool
        for (int[] c : convs) {
            if (c[0] == 0) {
                b.maxPool();
                continue;
            }
            b.conv(c[0], c[1], 0, false);
            if (batchNorm) b.add(bn());
            b.relu();
        }
        return b.conv(10, 1); // the last layer: no BatchNorm in V3 ("except the last layer"), 10x3x3
    }

    /** 002 (no layers given): its V1->V2 and V2->V3 changes cost exactly what the builder counts for them. */
    @Test
    void writeUp002DifferencesBetweenVersions() {
        Architecture v1 = illustrativeBodyFor002("002-like-v1", false).relu().conv(10, 3).build(); // 3x3 -> 1x1
        Architecture v2 = illustrativeBodyFor002("002-like-v2", false).globalAvgPool().build();
        Architecture v3 = illustrativeBodyFor002("002-like-v3", true).globalAvgPool().build();
        // 002, Version 1 "Parameters: 6,633" and Version 2 "Parameters: 5,733": the GAP replaces 3·3·10·10 = 900.
        assertEquals(6633 - 5733, v1.trainableParameters() - v2.trainableParameters());
        assertEquals(3 * 3 * 10 * 10, v1.trainableParameters() - v2.trainableParameters());
        // 002, Version 3 "Parameters: 5,893": BatchNorm on 80 channels, 2·(8 + 16 + 8 + 12 + 16 + 20) = 160.
        assertEquals(5893 - 5733, v3.trainableParameters() - v2.trainableParameters());
        assertEquals(2 * (8 + 16 + 8 + 12 + 16 + 20), v3.trainableParameters() - v2.trainableParameters());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 003: one architecture (Opt-1), and the same with dropout 0.05 (Opt-2); 6,132 parameters each.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * 003's network: seven 3x3 conv -> BN -> ReLU blocks (10-10-10 | 10-8-8 | 8-8), Flatten, Linear(72->20),
     * Linear(20->10). The write-up gives no padding, but Linear(72->20) needs an 8x3x3 map: the last two blocks are
     * padded (see {@link #writeUp003AsWrittenDoesNotFitAndItsLinearNeedsPadding()}). Dropout, when on, follows the six
     * "Conv Blocks" but not the "Input Block", as the write-up's "[+ Dropout]" marks show.
     */
    private static Architecture writeUp003(String name, double dropout) {
        return Architecture.builder(name)
                .convBlock(10)                          // Input Block, 28 -> 26
                .dropout(dropout)
                .convBlock(10).convBlock(10)            // Conv Blocks 1-2, 26 -> 22
                .maxPool()                              // Transition 1: 11
                .convBlock(8).convBlock(8)              // Conv Blocks 3-4, 11 -> 7
                .maxPool()                              // Transition 2: 3
                .convBlock(8, 3, 1).convBlock(8, 3, 1)  // Conv Blocks 5-6, padded: 8x3x3 = 72 features
                .flatten().dense(20).dense(10)          // no activation between the two Linears in the write-up
                .build();
    }

    /** 003 Opt-1 and Opt-2 (dropout 0.05): 7 bias-free conv+BN, Flatten, Linear(72->20), Linear(20->10); 6,132. */
    @Test
    void writeUp003FlattenTwoLinearNetworkWithAndWithoutDropout() {
        Architecture opt1 = writeUp003("003-opt1", 0);
        Architecture opt2 = writeUp003("003-opt2-dropout", 0.05);   // "Dropout rate: 0.05 (5%)"
        long convs = 3 * 3 * (1 * 10 + 10 * 10 + 10 * 10 + 10 * 8 + 8 * 8 + 8 * 8 + 8 * 8);  // 4,338
        long bns = 2 * (10 + 10 + 10 + 8 + 8 + 8 + 8);                                    // 124
        long linears = (72 * 20 + 20) + (20 * 10 + 10);                                    // 1,460 + 210
        for (Architecture a : List.of(opt1, opt2)) {
            assertEquals(convs + bns + linears, a.trainableParameters(), a.name());
            // 003, "Model Architecture": "Total Parameters: 6,132" (Opt-2: "6,132 (same as Opt-1)").
            assertEquals(6132, a.trainableParameters(), a.name());
            assertEquals("72", a.summary().rows().stream().filter(r -> r.name().equals("flatten")).findFirst()
                    .orElseThrow().outputShape(), a.name());
        }
        assertEquals(6, opt2.layers().stream().filter(l -> l instanceof LayerSpec.Dropout).count());
        // PyTorch's default bias=True on the convolutions would add 10+10+10+8+8+8+8 = 62 (6,194): 6,132 means
        // bias-free convolutions.
        Architecture withBias = new Architecture("003-opt1-bias", 1, 28, 28, 10, opt1.layers().stream()
                .map(l -> l instanceof LayerSpec.Conv c ? new LayerSpec.Conv(c.outChannels(), c.kernel(), c.padding(),
                        true) : l)
                .toList());
        assertEquals(6132 + 62, withBias.trainableParameters());
    }

    /** 003 as written (every conv 3x3, no padding) runs out of map at the 7th conv; 72 = 8·3·3 needs padding. */
    @Test
    void writeUp003AsWrittenDoesNotFitAndItsLinearNeedsPadding() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture
                .builder("003-unpadded").convBlock(10).convBlock(10).convBlock(10).maxPool()
                .convBlock(8).convBlock(8).maxPool()       // 11 -> 7, pool -> 3
                .convBlock(8).convBlock(8)                 // 3 -> 1, then a 3x3 conv on 1x1
                .flatten().dense(20).dense(10).build());
        assertTrue(e.getMessage().contains("does not fit a 1x1 map"), e.getMessage());
        Architecture a = writeUp003("003-opt1", 0);
        assertEquals("8x3x3", a.summary().rows().stream().filter(r -> r.name().equals("conv7")).findFirst()
                .orElseThrow().outputShape());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 004: three iterations, each with its torchsummary table (conv -> ReLU -> BatchNorm, in that order).
    // ---------------------------------------------------------------------------------------------------------------

    /** 004 Model 1 (Baseline): 10-8-10 | 8-10 with biases, ReLU before BN, a 7x7 conv head; table row by row, 7,998. */
    @Test
    void writeUp004Model1MatchesItsTable() {
        Architecture a = Architecture.builder("004-model-1")
                .conv(10, 3, 0, true).relu().add(bn())
                .conv(8, 3, 0, true).relu().add(bn())
                .conv(10, 3, 0, true).relu().add(bn())
                .maxPool().add(new LayerSpec.Dropout(0.1))  // rate not given in 004
                .conv(8, 3, 0, true).relu().add(bn())
                .conv(10, 3, 0, true)                       // Conv2d-15: no ReLU or BN in the table
                .conv(10, 7, 0, true)                       // Conv2d-16: 7x7 over the whole 7x7 map
                .build();
        // 004, "LOGS", "Model 1" table.
        List<TorchRow> table = List.of(
                row("Conv2d-1", "[-1, 10, 26, 26]", 100),        // 3·3·1·10 + 10
                row("ReLU-2", "[-1, 10, 26, 26]", 0),
                row("BatchNorm2d-3", "[-1, 10, 26, 26]", 20),    // 2·10
                row("Conv2d-4", "[-1, 8, 24, 24]", 728),         // 3·3·10·8 + 8
                row("ReLU-5", "[-1, 8, 24, 24]", 0),
                row("BatchNorm2d-6", "[-1, 8, 24, 24]", 16),     // 2·8
                row("Conv2d-7", "[-1, 10, 22, 22]", 730),        // 3·3·8·10 + 10
                row("ReLU-8", "[-1, 10, 22, 22]", 0),
                row("BatchNorm2d-9", "[-1, 10, 22, 22]", 20),    // 2·10
                row("MaxPool2d-10", "[-1, 10, 11, 11]", 0),
                row("Dropout-11", "[-1, 10, 11, 11]", 0),
                row("Conv2d-12", "[-1, 8, 9, 9]", 728),          // 3·3·10·8 + 8
                row("ReLU-13", "[-1, 8, 9, 9]", 0),
                row("BatchNorm2d-14", "[-1, 8, 9, 9]", 16),      // 2·8
                row("Conv2d-15", "[-1, 10, 7, 7]", 730),         // 3·3·8·10 + 10
                row("Conv2d-16", "[-1, 10, 1, 1]", 4910));       // 7·7·10·10 + 10
        assertMatchesTorchSummary(a, table);
        // 004, Model 1 table: "Total params: 7,998".
        assertEquals(7998, a.trainableParameters());
    }

    /** 004 Model 2: 20-10-20 | 10-10-12 with biases and dropout, AvgPool, a 1x1 conv head; table row by row, 7,936. */
    @Test
    void writeUp004Model2MatchesItsTable() {
        LayerSpec drop = new LayerSpec.Dropout(0.1);        // rate not given in 004
        Architecture a = Architecture.builder("004-model-2")
                .conv(20, 3, 0, true).relu().add(bn()).add(drop)
                .conv(10, 3, 0, true).relu().add(bn()).add(drop)
                .conv(20, 3, 0, true).relu().add(bn())      // no Dropout after this one in the table
                .maxPool()
                .conv(10, 3, 0, true).relu().add(bn()).add(drop)
                .conv(10, 3, 0, true).relu().add(bn()).add(drop)
                .conv(12, 3, 1, true).relu().add(bn()).add(drop)   // 7x7 stays 7x7: padding 1
                .globalAvgPool()                            // AvgPool2d over the whole 7x7 map
                // Conv2d-26, a 1x1 conv 12->10 with bias on the 1x1 map: the builder cannot convolve after its GAP
                // (the output is flat), but on one pixel that conv is exactly Linear(12->10), same 130 weights.
                .dense(10)
                .build();
        // 004, "LOGS", "Model 2" table.
        List<TorchRow> table = List.of(
                row("Conv2d-1", "[-1, 20, 26, 26]", 200),        // 3·3·1·20 + 20
                row("ReLU-2", "[-1, 20, 26, 26]", 0),
                row("BatchNorm2d-3", "[-1, 20, 26, 26]", 40),    // 2·20
                row("Dropout-4", "[-1, 20, 26, 26]", 0),
                row("Conv2d-5", "[-1, 10, 24, 24]", 1810),       // 3·3·20·10 + 10
                row("ReLU-6", "[-1, 10, 24, 24]", 0),
                row("BatchNorm2d-7", "[-1, 10, 24, 24]", 20),    // 2·10
                row("Dropout-8", "[-1, 10, 24, 24]", 0),
                row("Conv2d-9", "[-1, 20, 22, 22]", 1820),       // 3·3·10·20 + 20
                row("ReLU-10", "[-1, 20, 22, 22]", 0),
                row("BatchNorm2d-11", "[-1, 20, 22, 22]", 40),   // 2·20
                row("MaxPool2d-12", "[-1, 20, 11, 11]", 0),
                row("Conv2d-13", "[-1, 10, 9, 9]", 1810),        // 3·3·20·10 + 10
                row("ReLU-14", "[-1, 10, 9, 9]", 0),
                row("BatchNorm2d-15", "[-1, 10, 9, 9]", 20),     // 2·10
                row("Dropout-16", "[-1, 10, 9, 9]", 0),
                row("Conv2d-17", "[-1, 10, 7, 7]", 910),         // 3·3·10·10 + 10
                row("ReLU-18", "[-1, 10, 7, 7]", 0),
                row("BatchNorm2d-19", "[-1, 10, 7, 7]", 20),     // 2·10
                row("Dropout-20", "[-1, 10, 7, 7]", 0),
                row("Conv2d-21", "[-1, 12, 7, 7]", 1092),        // 3·3·10·12 + 12
                row("ReLU-22", "[-1, 12, 7, 7]", 0),
                row("BatchNorm2d-23", "[-1, 12, 7, 7]", 24),     // 2·12
                row("Dropout-24", "[-1, 12, 7, 7]", 0),
                row("AvgPool2d-25", "[-1, 12, 1, 1]", 0),
                row("Conv2d-26", "[-1, 10, 1, 1]", 130).as("Linear"));  // 1·1·12·10 + 10 = 12·10 + 10
        assertMatchesTorchSummary(a, table);
        // 004, Model 2 table: "Total params: 7,936".
        assertEquals(7936, a.trainableParameters());
    }

    /** 004 Model 3: bias-free 6-12 | 12-12 | 12, ReLU before BN, 2x2 conv head, GAP; table row by row, 5,178. */
    @Test
    void writeUp004Model3MatchesItsTable() {
        Architecture a = Architecture.builder("004-model-3")
                .conv(6, 3, 0, false).relu().add(bn())
                .conv(12, 3, 0, false).relu().add(bn())
                .maxPool()
                .conv(12, 3, 0, false).relu().add(bn())
                .conv(12, 3, 0, false).relu().add(bn())
                .maxPool()
                .conv(12, 3, 0, false).relu().add(bn())
                .conv(10, 2)                                // 2x2, 2x2 map -> 1x1
                .globalAvgPool()                            // AdaptiveAvgPool2d
                .build();
        // 004, "LOGS", "Model 3" table.
        List<TorchRow> table = List.of(
                row("Conv2d-1", "[-1, 6, 26, 26]", 54),          // 3·3·1·6
                row("ReLU-2", "[-1, 6, 26, 26]", 0),
                row("BatchNorm2d-3", "[-1, 6, 26, 26]", 12),     // 2·6
                row("Conv2d-4", "[-1, 12, 24, 24]", 648),        // 3·3·6·12
                row("ReLU-5", "[-1, 12, 24, 24]", 0),
                row("BatchNorm2d-6", "[-1, 12, 24, 24]", 24),    // 2·12
                row("MaxPool2d-7", "[-1, 12, 12, 12]", 0),
                row("Conv2d-8", "[-1, 12, 10, 10]", 1296),       // 3·3·12·12
                row("ReLU-9", "[-1, 12, 10, 10]", 0),
                row("BatchNorm2d-10", "[-1, 12, 10, 10]", 24),   // 2·12
                row("Conv2d-11", "[-1, 12, 8, 8]", 1296),        // 3·3·12·12
                row("ReLU-12", "[-1, 12, 8, 8]", 0),
                row("BatchNorm2d-13", "[-1, 12, 8, 8]", 24),     // 2·12
                row("MaxPool2d-14", "[-1, 12, 4, 4]", 0),
                row("Conv2d-15", "[-1, 12, 2, 2]", 1296),        // 3·3·12·12
                row("ReLU-16", "[-1, 12, 2, 2]", 0),
                row("BatchNorm2d-17", "[-1, 12, 2, 2]", 24),     // 2·12
                row("Conv2d-18", "[-1, 10, 1, 1]", 480),         // 2·2·12·10
                row("AdaptiveAvgPool2d-19", "[-1, 10, 1, 1]", 0));
        assertMatchesTorchSummary(a, table);
        // 004, Model 3 table: "Total params: 5,178".
        assertEquals(5178, a.trainableParameters());
        // The library's small-gap is this network with BatchNorm before ReLU: same count.
        assertEquals(Models.smallGap().trainableParameters(), a.trainableParameters());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    private static LayerSpec bn() {
        return new LayerSpec.BatchNorm();
    }

    /**
     * One line of a torchsummary table as printed: layer (e.g. {@code "Conv2d-1"}), output shape (e.g.
     * {@code "[-1, 10, 26, 26]"}), Param #; {@code kind} is how the builder's summary names that layer's kind.
     */
    private record TorchRow(String layer, String shape, long params, String kind) {
        /** The same line, for a layer the builder writes as another kind (same count, same output). */
        TorchRow as(String builderKind) {
            return new TorchRow(layer, shape, params, builderKind);
        }
    }

    private static TorchRow row(String layer, String shape, long params) {
        String type = layer.substring(0, layer.lastIndexOf('-'));
        String kind = switch (type) {
            case "Conv2d" -> "Conv ";
            case "ReLU" -> "ReLU";
            case "BatchNorm2d" -> "BatchNorm";
            case "MaxPool2d" -> "MaxPool 2x2";
            case "Dropout" -> "Dropout";
            case "AvgPool2d", "AdaptiveAvgPool2d" -> "Global average pool";
            case "Linear" -> "Linear";
            default -> throw new IllegalArgumentException("no builder layer for " + type);
        };
        return new TorchRow(layer, shape, params, kind);
    }

    /**
     * torchsummary's {@code [-1, C, H, W]} written as the summary writes shapes: {@code CxHxW}, or {@code C} where
     * the builder's output is already flat (after its global average pool) and H = W = 1.
     */
    private static String asSummaryShape(String torchShape, String actual) {
        String[] d = torchShape.replaceAll("[\\[\\]\\s]", "").split(",");
        assertEquals(4, d.length, torchShape);
        boolean flat = !actual.contains("x");
        return flat && d[2].equals("1") && d[3].equals("1") ? d[1] : d[1] + "x" + d[2] + "x" + d[3];
    }

    /** Each summary row has the table line's kind, output shape and count, and the totals agree. */
    private static void assertMatchesTorchSummary(Architecture a, List<TorchRow> table) {
        List<ModelSummary.Row> rows = a.summary().rows();
        assertEquals(table.size(), rows.size(), a.name() + ": one summary row per table line");
        for (int i = 0; i < table.size(); i++) {
            TorchRow want = table.get(i);
            ModelSummary.Row got = rows.get(i);
            String where = a.name() + ", " + want.layer() + " vs " + got.name() + " (" + got.kind() + ")";
            assertTrue(got.kind().startsWith(want.kind()), where);
            assertEquals(asSummaryShape(want.shape(), got.outputShape()), got.outputShape(), where);
            assertEquals(want.params(), got.trainableParams(), where);
        }
        assertEquals(table.stream().mapToLong(TorchRow::params).sum(), a.trainableParameters(), a.name());
    }
}
