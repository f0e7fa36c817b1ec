package org.mnistlab.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A CNN written as a list of layers, before any weights exist: what a notebook shows, summarises and then builds.
 * The last layer must produce one score per class (ten for MNIST); softmax and cross-entropy are added by
 * {@link Network}.
 *
 * <p>Example:
 * <pre>{@code
 * Architecture tiny = Architecture.builder("tiny")
 *         .convBlock(8).convBlock(16).maxPool()   // conv 3x3 -> BatchNorm -> ReLU, twice, then halve
 *         .conv(10, 1).globalAvgPool()
 *         .build();
 * }</pre>
 *
 * @param name        short name, used for files and tables
 * @param inChannels  input channels (1 for MNIST)
 * @param height      input height
 * @param width       input width
 * @param classes     number of classes the last layer must produce
 * @param layers      the layers, input to output
 */
public record Architecture(String name, int inChannels, int height, int width, int classes,
                           List<LayerSpec> layers) {

    public Architecture {
        Objects.requireNonNull(name, "name");
        layers = List.copyOf(layers);
        if (layers.isEmpty()) throw new IllegalArgumentException(name + ": an architecture needs layers");
        ActivationShape out = ActivationShape.input(inChannels, height, width);
        for (LayerSpec layer : layers) out = out.after(name, layer);
        if (!out.flat() && !(out.height() == 1 && out.width() == 1)) {
            throw new IllegalArgumentException(name + ": the network ends on a " + out + " map; finish with "
                    + "globalAvgPool(), flatten() and a dense layer, or a convolution that reduces it to 1x1");
        }
        if (out.channels() != classes) {
            throw new IllegalArgumentException(name + ": the last layer gives " + out.channels()
                    + " outputs, expected one per class (" + classes + ")");
        }
    }

    /** A builder for a 1x28x28 input with ten classes (MNIST). */
    public static Builder builder(String name) {
        return new Builder(name, 1, 28, 28, 10);
    }

    /**
     * The one-line text form stored in saved models, e.g.
     * {@code gap 1x28x28 10 : conv(8,3,0,nobias) bn relu pool(2) conv(10,1,0,nobias) gap}; {@code
     * scripts/pytorch_bench.py} builds the same network in PyTorch from it.
     */
    public String toText() {
        return ArchitectureCodec.encode(this);
    }

    /**
     * The architecture that {@link #toText()} wrote, e.g. a sweep variant's model.
     *
     * @throws IllegalArgumentException when the text is not an architecture, naming the part that is wrong
     */
    public static Architecture parse(String text) {
        try {
            return ArchitectureCodec.decode(text);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not an architecture: '" + text + "' (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The same network with its dropout replaced: every {@code Dropout} removed and, when {@code rate > 0}, one of
     * {@code rate} after every ReLU, as {@link Builder#dropout(double)} places them.
     */
    public Architecture withDropout(double rate) {
        if (!(rate >= 0)) throw new IllegalArgumentException("dropout rate must be >= 0: " + rate);
        if (rate > 0) new LayerSpec.Dropout(rate); // validates the upper bound
        List<LayerSpec> out = new ArrayList<>();
        for (LayerSpec layer : layers) {
            if (layer instanceof LayerSpec.Dropout) continue;
            out.add(layer);
            if (rate > 0 && layer instanceof LayerSpec.Relu) out.add(new LayerSpec.Dropout(rate));
        }
        return new Architecture(name, inChannels, height, width, classes, out);
    }

    /** The per-layer table with PyTorch-style trainable parameter counts. */
    public ModelSummary summary() {
        return SummaryTable.of(this);
    }

    /**
     * Where the trainable parameters go, as a Markdown table with each layer's arithmetic: a k x k convolution from
     * C_in to C_out channels learns k·k·C_in·C_out weights (plus C_out biases), a BatchNorm 2·C (a scale and a shift
     * per channel), a dense layer C_in·C_out (plus C_out); ReLU, dropout and pooling learn nothing. The last line
     * sets the total against {@code budget} (fewer than this many are allowed).
     *
     * <p>Example: {@code Notebook.markdown(Models.gap().parameterBudget(8000));}
     */
    public String parameterBudget(long budget) {
        return LayerArithmetic.budgetTable(this, budget);
    }

    /** Trainable parameters, counted as PyTorch counts them (BatchNorm running statistics excluded). */
    public long trainableParameters() {
        return summary().trainableParams();
    }

    /** Builds the DL4J network with weights drawn from {@code seed}, on this JVM's engine choice. */
    public Network build(long seed) {
        return Network.create(this, seed);
    }

    /** Builds the DL4J network with weights drawn from {@code seed}, on the engine {@code choice} asks for. */
    public Network build(long seed, EngineChoice choice) {
        return Network.create(this, seed, choice);
    }

    /**
     * The architecture of a network configured with DL4J's own builder, for a 1x28x28 input: what
     * {@link #build(long)} would configure for it, so a DL4J configuration and the library's description can be
     * compared ({@code Architecture.fromDl4j("mine", conf).layers().equals(Models.baseline().layers())}).
     *
     * @throws IllegalArgumentException naming the first layer or setting that has no equivalent here
     */
    public static Architecture fromDl4j(String name, MultiLayerConfiguration conf) {
        return Dl4jConfigurationReader.read(name, conf, 1, 28, 28);
    }

    /**
     * Multiply-adds of one image's forward pass through the convolutions and dense layers (the rest is a few per
     * value). Training costs about three times as much (the forward pass and both gradients), so about
     * {@code 6 * multiplyAdds()} floating-point operations per training image.
     *
     * <p>Example: {@code Models.finalModel().multiplyAdds()}
     */
    public long multiplyAdds() {
        return LayerArithmetic.multiplyAdds(this);
    }

    /** Shapes of each layer's output, input first: the DL4J builder and the layer arithmetic need them. */
    List<ActivationShape> shapes() {
        List<ActivationShape> shapes = new ArrayList<>();
        ActivationShape s = ActivationShape.input(inChannels, height, width);
        shapes.add(s);
        for (LayerSpec layer : layers) {
            s = s.after(name, layer);
            shapes.add(s);
        }
        return shapes;
    }

    /** Fluent builder; see the class example. */
    public static final class Builder {
        private final String name;
        private final int inChannels;
        private final int height;
        private final int width;
        private final int classes;
        private final List<LayerSpec> layers = new ArrayList<>();
        private boolean batchNorm = true;
        private double batchNormMomentum = LayerSpec.BatchNorm.DEFAULT_MOMENTUM;
        private double dropout = 0;

        Builder(String name, int inChannels, int height, int width, int classes) {
            this.name = name;
            this.inChannels = inChannels;
            this.height = height;
            this.width = width;
            this.classes = classes;
        }

        /**
         * Later {@link #convBlock} calls add no BatchNorm (by default they do), and their convolutions keep a bias,
         * e.g. {@code Architecture.builder("plain").withoutBatchNorm().convBlock(8)}.
         */
        public Builder withoutBatchNorm() {
            this.batchNorm = false;
            return this;
        }

        /**
         * The momentum of the BatchNorm that later {@link #convBlock} calls add (default 0.1, PyTorch's); see
         * {@link LayerSpec.BatchNorm}.
         */
        public Builder batchNormMomentum(double momentum) {
            new LayerSpec.BatchNorm(momentum); // validates
            this.batchNormMomentum = momentum;
            return this;
        }

        /** Dropout rate later {@link #convBlock} calls add after the ReLU (default 0: none). */
        public Builder dropout(double rate) {
            new LayerSpec.Dropout(rate); // validates
            this.dropout = rate;
            return this;
        }

        /** conv 3x3 (no padding) -> [BatchNorm] -> ReLU -> [Dropout], with the builder's current settings. */
        public Builder convBlock(int outChannels) {
            return convBlock(outChannels, 3, 0);
        }

        /** conv kxk -> [BatchNorm] -> ReLU -> [Dropout]; the conv has a bias only when there is no BatchNorm. */
        public Builder convBlock(int outChannels, int kernel, int padding) {
            layers.add(new LayerSpec.Conv(outChannels, kernel, padding, !batchNorm));
            if (batchNorm) layers.add(new LayerSpec.BatchNorm(batchNormMomentum));
            layers.add(new LayerSpec.Relu());
            if (dropout > 0) layers.add(new LayerSpec.Dropout(dropout));
            return this;
        }

        /**
         * A depthwise-separable block: a 3x3 depthwise convolution (one kernel per channel, no padding, no bias), then
         * a 1x1 convolution that mixes the channels, then [BatchNorm] -> ReLU -> [Dropout] as {@link #convBlock} adds
         * them. {@code 9·C + C·outChannels} weights where a 3x3 convolution has {@code 9·C·outChannels}, e.g.
         * {@code Architecture.builder("sep").convBlock(8).separableConvBlock(16)}.
         */
        public Builder separableConvBlock(int outChannels) {
            layers.add(new LayerSpec.DepthwiseConv(3, 0, false));
            return convBlock(outChannels, 1, 0);
        }

        /** A bare convolution (no normalisation or activation), e.g. the 1x1 or kxk head. No bias. */
        public Builder conv(int outChannels, int kernel) {
            layers.add(new LayerSpec.Conv(outChannels, kernel, 0, false));
            return this;
        }

        /** A bare convolution with explicit padding and bias. */
        public Builder conv(int outChannels, int kernel, int padding, boolean bias) {
            layers.add(new LayerSpec.Conv(outChannels, kernel, padding, bias));
            return this;
        }

        /** 2x2 max-pool: halves the map and doubles the receptive field's growth. */
        public Builder maxPool() {
            layers.add(new LayerSpec.MaxPool(2));
            return this;
        }

        /** Transition: 2x2 max-pool followed by a 1x1 convolution that changes the channel count. */
        public Builder transition(int outChannels) {
            maxPool();
            return convBlock(outChannels, 1, 0);
        }

        public Builder globalAvgPool() {
            layers.add(new LayerSpec.GlobalAvgPool());
            return this;
        }

        /**
         * The classic fully connected head's first step: the map becomes one vector of channels·height·width
         * features (PyTorch's {@code nn.Flatten}), e.g. {@code .flatten().dense(20).relu().dense(10)}.
         */
        public Builder flatten() {
            layers.add(new LayerSpec.Flatten());
            return this;
        }

        /** A linear layer with bias, after {@link #globalAvgPool()} or {@link #flatten()}. */
        public Builder dense(int outputs) {
            layers.add(new LayerSpec.Dense(outputs, true));
            return this;
        }

        /** A bare ReLU, e.g. between two dense layers ({@link #convBlock} adds its own). */
        public Builder relu() {
            layers.add(new LayerSpec.Relu());
            return this;
        }

        /** Any layer. */
        public Builder add(LayerSpec layer) {
            layers.add(Objects.requireNonNull(layer));
            return this;
        }

        public Architecture build() {
            return new Architecture(name, inChannels, height, width, classes, layers);
        }
    }
}
