package org.mnistlab.model;

/**
 * The architectures of the tutorial, one per iteration. Each is a plain {@link Architecture}: print its
 * {@link Architecture#summary()}, change it with {@link Architecture#builder(String)}, or build it with
 * {@link Architecture#build(long)}.
 *
 * <p>They share one skeleton, so each notebook changes one thing: two 3x3 blocks at 28x28, a 2x2 max-pool, three
 * blocks at 12x12, a second max-pool, then a head. Channels stay narrow (8-16) because the budget is 8,000
 * trainable parameters.
 *
 * <p>Example: {@code Network net = Models.gap().build(1);}
 */
public final class Models {

    private Models() {
    }

    /**
     * Iteration 1: convolutions and ReLU only (convolutions keep their bias), closed by a 3x3 convolution over the whole 3x3 map
     * head. No normalisation, no regularisation.
     */
    public static Architecture baseline() {
        return skeleton("baseline", false, 0).conv(10, 3, 0, true).build();
    }

    /** Iteration 2: BatchNorm after every convolution (which then needs no bias). */
    public static Architecture batchNorm() {
        return skeleton("batchnorm", true, 0).conv(10, 3).build();
    }

    /** Iteration 3: dropout after every block, at {@code rate} (0.05-0.1 is typical for a net this small). */
    public static Architecture dropout(double rate) {
        return skeleton("dropout", true, rate).conv(10, 3).build();
    }

    /** Iteration 3 with the rate used in the notebook. */
    public static Architecture dropout() {
        return dropout(0.05);
    }

    /**
     * Iteration 4: the large head becomes a 1x1 convolution to ten channels and a global average pool, so the head
     * costs 10 x 16 parameters instead of 10 x 16 x 3 x 3.
     */
    public static Architecture gap() {
        return gap("gap", 0);
    }

    /** Iteration 4 with dropout after every block. */
    public static Architecture gap(double dropout) {
        return gap("gap", dropout);
    }

    /**
     * Iteration 6a: the GAP model with one max-pool instead of two (the same 6,044 parameters): the 1x1 head and the
     * average run over a 6x6 map whose units each see 18x18 pixels, instead of a 3x3 one.
     */
    public static Architecture gapOnePool(double dropout) {
        return Architecture.builder("gap-one-pool").dropout(dropout)
                .convBlock(8).convBlock(12)                // 28 -> 24
                .maxPool()                                 // 12
                .convBlock(12).convBlock(14).convBlock(16) // 12 -> 6
                .conv(10, 1).globalAvgPool()
                .build();
    }

    /**
     * GAP's rival at about the same size (6,086 parameters against the GAP model's 6,044): the classic head of
     * flatten and one fully connected layer. It can afford four blocks only, because the fully connected layer needs
     * ten weights for each of the 14·4·4 = 224 features it reads; the GAP model spends that on a fifth block.
     */
    public static Architecture flattenHead(double dropout) {
        return Architecture.builder("flatten-head").dropout(dropout)
                .convBlock(8).convBlock(12)    // 28 -> 24
                .maxPool()                     // 12
                .convBlock(12).convBlock(14)   // 12 -> 8
                .maxPool()                     // 4
                .flatten().dense(10)           // 224 features -> ten class scores
                .build();
    }

    /** {@link #flattenHead(double)} without dropout, as {@link #gap()} (notebook 04 trains both with 5 %). */
    public static Architecture flattenHead() {
        return flattenHead(0);
    }

    /**
     * The model of notebook 06: the GAP network with wider blocks (8-14 | 14-16-18, 7,772 parameters), spending the
     * budget where the features are richest, and one max-pool only: the 1x1 head and the average run over the whole
     * 6x6 map, whose units each see 18x18 pixels.
     */
    public static Architecture finalModel() {
        return Architecture.builder("final")
                .convBlock(8).convBlock(14)                // 28 -> 24, receptive field 5
                .maxPool()                                 // 12, receptive field 6
                .convBlock(14).convBlock(16).convBlock(18) // 12 -> 6, receptive field 18
                .conv(10, 1).globalAvgPool()               // ten class scores, averaged over the 6x6 map
                .build();
    }

    /**
     * The network of notebook 11, found by the size search on validation ({@code results/sweeps/smallest/}, its
     * {@code sep-wide}): one 3x3 convolution, then depthwise-separable blocks 16 | 24-32-32 (3,640 parameters).
     */
    public static Architecture smallest() {
        return Architecture.builder("smallest")
                .convBlock(8)                                                       // 28 -> 26
                .separableConvBlock(16)                                             // 24
                .maxPool()                                                          // 12
                .separableConvBlock(24).separableConvBlock(32).separableConvBlock(32) // 12 -> 6
                .conv(10, 1).globalAvgPool()
                .build();
    }

    /**
     * The 5,178-parameter network of one of the source write-ups (conv 6-12 | 12-12 | 12, a 2x2 conv head, GAP),
     * also the architecture {@code pytorch_reference.py --arch small-gap} measures.
     */
    public static Architecture smallGap() {
        return Architecture.builder("small-gap")
                .convBlock(6).convBlock(12).maxPool()
                .convBlock(12).convBlock(12).maxPool()
                .convBlock(12).conv(10, 2).globalAvgPool()
                .build();
    }

    /** The 7,784-parameter GAP + linear network of {@code pytorch_reference.py --arch gap-linear}. */
    public static Architecture gapLinear() {
        return Architecture.builder("gap-linear")
                .convBlock(7).convBlock(7).convBlock(10).maxPool()
                .convBlock(10).convBlock(12).maxPool()
                .convBlock(16, 3, 1).convBlock(18, 3, 1)
                .globalAvgPool().dense(10)
                .build();
    }

    /** Looks an architecture up by its name, as the command-line runner and the benchmark do. */
    public static Architecture byName(String name) {
        return switch (name) {
            case "baseline" -> baseline();
            case "batchnorm" -> batchNorm();
            case "dropout" -> dropout();
            case "gap" -> gap();
            case "final" -> finalModel();
            case "small-gap" -> smallGap();
            case "gap-linear" -> gapLinear();
            case "smallest" -> smallest();
            case "flatten-head" -> flattenHead();
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; known: baseline, "
                    + "batchnorm, dropout, gap, final, small-gap, gap-linear, flatten-head, smallest");
        };
    }

    private static Architecture.Builder skeleton(String name, boolean batchNorm, double dropout) {
        Architecture.Builder b = Architecture.builder(name);
        if (!batchNorm) b.withoutBatchNorm();
        return b.dropout(dropout)
                .convBlock(8).convBlock(12)        // 28 -> 24
                .maxPool()                         // 12
                .convBlock(12).convBlock(14).convBlock(16) // 12 -> 6
                .maxPool();                        // 3 ... then the head
    }

    private static Architecture gap(String name, double dropout) {
        return skeleton(name, true, dropout).conv(10, 1).globalAvgPool().build();
    }
}
