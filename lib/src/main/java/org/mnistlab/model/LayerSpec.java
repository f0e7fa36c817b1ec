package org.mnistlab.model;

/**
 * One layer of an {@link Architecture}, described independently of DL4J so that it can be summarised, counted and
 * drawn exactly as a student would write it in PyTorch. {@link Network} turns the list into DL4J layers.
 */
public sealed interface LayerSpec {

    /** Short kind for the summary table, e.g. {@code "Conv 3x3, 8->16, no bias"}. */
    String describe(int inChannels);

    /**
     * A 2-D convolution, stride 1.
     *
     * @param outChannels output channels
     * @param kernel      kernel size (square)
     * @param padding     zero padding on each side
     * @param bias        whether the layer has a bias (not needed when BatchNorm follows)
     */
    record Conv(int outChannels, int kernel, int padding, boolean bias) implements LayerSpec {
        public Conv {
            if (outChannels < 1 || kernel < 1 || padding < 0) {
                throw new IllegalArgumentException("invalid conv: " + outChannels + " channels, kernel " + kernel
                        + ", padding " + padding);
            }
        }

        @Override
        public String describe(int inChannels) {
            return "Conv " + kernel + "x" + kernel + ", " + inChannels + "->" + outChannels
                    + (padding > 0 ? ", pad " + padding : "") + (bias ? "" : ", no bias");
        }
    }

    /**
     * A depthwise convolution, stride 1: each channel convolved with its own kernel, channels never mixed (PyTorch's
     * {@code Conv2d(c, c, k, groups=c, dilation=d)}). A 1x1 {@link Conv} after it mixes them: together a
     * depthwise-separable convolution, {@code k·k·C + C·C'} weights where a full convolution has {@code k·k·C·C'}.
     * A dilation {@code d > 1} spreads the taps {@code d} pixels apart: a 3x3 kernel with dilation 2 covers 5x5 pixels
     * with 9 weights, so the receptive field grows faster at no cost in parameters.
     *
     * @param kernel   kernel size (square)
     * @param padding  zero padding on each side, at most {@code dilation·(kernel - 1)}
     * @param bias     whether the layer has a bias
     * @param dilation distance between neighbouring taps (1: an ordinary kernel)
     */
    record DepthwiseConv(int kernel, int padding, boolean bias, int dilation) implements LayerSpec {
        public DepthwiseConv {
            if (kernel < 1 || dilation < 1 || padding < 0 || padding > dilation * (kernel - 1)) {
                throw new IllegalArgumentException("invalid depthwise conv: kernel " + kernel + ", padding " + padding
                        + ", dilation " + dilation + " (padding is at most dilation·(kernel - 1))");
            }
        }

        /** Without dilation. */
        public DepthwiseConv(int kernel, int padding, boolean bias) {
            this(kernel, padding, bias, 1);
        }

        /** The side of the square of pixels the kernel covers: {@code dilation·(kernel - 1) + 1}. */
        public int span() {
            return dilation * (kernel - 1) + 1;
        }

        @Override
        public String describe(int inChannels) {
            return "Depthwise conv " + kernel + "x" + kernel + (dilation > 1 ? ", dilation " + dilation : "") + ", "
                    + inChannels + " maps" + (padding > 0 ? ", pad " + padding : "") + (bias ? "" : ", no bias");
        }
    }

    /**
     * Batch normalisation over channels: learns gamma and beta, tracks running mean and variance.
     *
     * @param momentum how far each training batch moves the running statistics, as PyTorch's {@code momentum}
     *                 ({@link #DEFAULT_MOMENTUM}, PyTorch's default): a smaller value averages over more batches, so
     *                 the statistics the test sees jitter less from batch to batch
     */
    record BatchNorm(double momentum) implements LayerSpec {
        public static final double DEFAULT_MOMENTUM = 0.1;

        public BatchNorm {
            if (!(momentum > 0 && momentum <= 1)) {
                throw new IllegalArgumentException("BatchNorm momentum must be in (0, 1]: " + momentum);
            }
        }

        /** PyTorch's default momentum, 0.1. */
        public BatchNorm() {
            this(DEFAULT_MOMENTUM);
        }

        @Override
        public String describe(int inChannels) {
            return momentum == DEFAULT_MOMENTUM ? "BatchNorm" : "BatchNorm, momentum " + momentum;
        }
    }

    /** Rectified linear unit. */
    record Relu() implements LayerSpec {
        @Override
        public String describe(int inChannels) {
            return "ReLU";
        }
    }

    /**
     * Dropout: zeroes a fraction of activations during training only.
     *
     * @param rate fraction dropped, in [0, 1)
     */
    record Dropout(double rate) implements LayerSpec {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout rate must be in [0, 1): " + rate);
        }

        @Override
        public String describe(int inChannels) {
            return "Dropout " + rate;
        }
    }

    /**
     * Max pooling with stride equal to the window.
     *
     * @param size window (square)
     */
    record MaxPool(int size) implements LayerSpec {
        public MaxPool {
            if (size < 2) throw new IllegalArgumentException("max-pool size must be >= 2: " + size);
        }

        @Override
        public String describe(int inChannels) {
            return "MaxPool " + size + "x" + size;
        }
    }

    /** Global average pooling: each channel becomes its mean, so the head needs no large weight matrix. */
    record GlobalAvgPool() implements LayerSpec {
        @Override
        public String describe(int inChannels) {
            return "Global average pool";
        }
    }

    /**
     * Flatten: a {@code C x H x W} map becomes one vector of {@code C·H·W} features (channel first, then row, then
     * column, as PyTorch's {@code nn.Flatten} orders them), so that a {@link Dense} layer can see every position.
     * The classic head that {@link GlobalAvgPool} replaces: it learns nothing itself, but the dense layer after it
     * needs a weight for every feature.
     */
    record Flatten() implements LayerSpec {
        @Override
        public String describe(int inChannels) {
            return "Flatten";
        }
    }

    /**
     * A fully connected layer on a flat vector (after {@link GlobalAvgPool} or {@link Flatten}).
     *
     * @param outputs output features
     * @param bias    whether it has a bias
     */
    record Dense(int outputs, boolean bias) implements LayerSpec {
        public Dense {
            if (outputs < 1) throw new IllegalArgumentException("dense outputs must be >= 1: " + outputs);
        }

        @Override
        public String describe(int inChannels) {
            return "Linear " + inChannels + "->" + outputs + (bias ? "" : ", no bias");
        }
    }
}
