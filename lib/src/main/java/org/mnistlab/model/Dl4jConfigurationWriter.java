package org.mnistlab.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * Writes an {@link Architecture} as DL4J's {@link MultiLayerConfiguration}, with softmax and cross-entropy after its
 * last layer; {@link Dl4jConfigurationReader} reads one back.
 *
 * <p>Example: {@code new MultiLayerNetwork(Dl4jConfigurationWriter.write(Models.gap(), 42))}
 */
final class Dl4jConfigurationWriter {

    private Dl4jConfigurationWriter() {
    }

    /** DL4J's configuration of {@code architecture}, with its weights drawn from {@code seed} when initialised. */
    static MultiLayerConfiguration write(Architecture architecture, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                // PyTorch's default for conv and linear layers: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
                .weightInit(WeightInit.UNIFORM)
                .updater(new Sgd(0.01))
                .convolutionMode(ConvolutionMode.Truncate)
                .cacheMode(CacheMode.DEVICE)
                .list();
        List<LayerSpec> layers = architecture.layers();
        List<ActivationShape> shapes = architecture.shapes();
        int dl4jIndex = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            ActivationShape in = shapes.get(i);
            boolean last = i == layers.size() - 1;
            boolean fuseRelu = !last && layers.get(i + 1) instanceof LayerSpec.Relu && absorbsRelu(layer);
            Activation activation = fuseRelu ? Activation.RELU : Activation.IDENTITY;
            if (layer instanceof LayerSpec.Conv conv) {
                list.layer(dl4jIndex++, new ConvolutionLayer.Builder(conv.kernel(), conv.kernel())
                        .nIn(in.channels()).nOut(conv.outChannels())
                        .stride(1, 1).padding(conv.padding(), conv.padding())
                        .hasBias(conv.bias()).activation(activation)
                        .dataFormat(CNN2DFormat.NCHW).build());
            } else if (layer instanceof LayerSpec.DepthwiseConv dw) {
                // PyTorch's bound for a grouped convolution counts one channel's taps; DL4J's initialiser counts every
                // channel's, which would start these weights sqrt(C) times smaller.
                double bound = 1 / Math.sqrt(dw.kernel() * dw.kernel());
                list.layer(dl4jIndex++, new DepthwiseConvolution2D.Builder(dw.kernel(), dw.kernel())
                        .nIn(in.channels()).nOut(in.channels()).depthMultiplier(1)
                        .stride(1, 1).padding(dw.padding(), dw.padding()).dilation(dw.dilation(), dw.dilation())
                        .hasBias(dw.bias()).activation(activation)
                        .weightInit(new UniformDistribution(-bound, bound))
                        .dataFormat(CNN2DFormat.NCHW).build());
            } else if (layer instanceof LayerSpec.BatchNorm bn) {
                // PyTorch's BatchNorm2d: eps 1e-5; DL4J's decay is PyTorch's 1 - momentum.
                list.layer(dl4jIndex++, new BatchNormalization.Builder().nOut(in.channels())
                        .eps(1e-5).decay(1 - bn.momentum())
                        .build());
            } else if (layer instanceof LayerSpec.Relu) {
                boolean fused = i > 0 && absorbsRelu(layers.get(i - 1));
                if (!fused) list.layer(dl4jIndex++, new ActivationLayer.Builder().activation(Activation.RELU).build());
            } else if (layer instanceof LayerSpec.Dropout drop) {
                // DL4J's dropout argument is the probability of KEEPING an activation.
                list.layer(dl4jIndex++, new DropoutLayer.Builder(1.0 - drop.rate()).build());
            } else if (layer instanceof LayerSpec.MaxPool pool) {
                list.layer(dl4jIndex++, new SubsamplingLayer.Builder(PoolingType.MAX)
                        .kernelSize(pool.size(), pool.size()).stride(pool.size(), pool.size()).build());
            } else if (layer instanceof LayerSpec.GlobalAvgPool) {
                list.layer(dl4jIndex++, new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
            } else if (layer instanceof LayerSpec.Flatten) {
                // DL4J flattens between layers, not as a layer: the next layer reads the map as one NCHW-ordered
                // vector, PyTorch's nn.Flatten order. Set here, so that BatchNorm or dropout after it see features.
                list.inputPreProcessor(dl4jIndex, new CnnToFeedForwardPreProcessor(in.height(), in.width(),
                        in.channels(), CNN2DFormat.NCHW));
            } else if (layer instanceof LayerSpec.Dense dense) {
                if (last) {
                    list.layer(dl4jIndex++, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                            .nIn(in.channels()).nOut(dense.outputs()).hasBias(dense.bias())
                            .activation(Activation.SOFTMAX).build());
                } else {
                    list.layer(dl4jIndex++, new DenseLayer.Builder().nIn(in.channels()).nOut(dense.outputs())
                            .hasBias(dense.bias()).activation(activation).build());
                }
            }
        }
        if (!(layers.get(layers.size() - 1) instanceof LayerSpec.Dense)) {
            if (!shapes.get(shapes.size() - 1).flat()) {
                // A 1x1 map: averaging it is the identity and gives the flat scores the loss needs.
                list.layer(dl4jIndex++, new GlobalPoolingLayer.Builder(PoolingType.AVG).build());
            }
            list.layer(dl4jIndex, new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .activation(Activation.SOFTMAX).build());
        }
        list.setInputType(InputType.convolutional(architecture.height(), architecture.width(),
                architecture.inChannels(), CNN2DFormat.NCHW));
        return list.build();
    }

    /**
     * Whether a ReLU straight after {@code layer} runs as that layer's activation (one pass less over memory): conv
     * (depthwise too) and dense layers only. Never BatchNorm: DL4J 1.0.0-M2.1's BatchNormalization ignores its activation function
     * (forward and backward), so a "fused" ReLU there silently disappears (see NetworkTest).
     */
    private static boolean absorbsRelu(LayerSpec layer) {
        return layer instanceof LayerSpec.Conv || layer instanceof LayerSpec.DepthwiseConv
                || layer instanceof LayerSpec.Dense;
    }
}
