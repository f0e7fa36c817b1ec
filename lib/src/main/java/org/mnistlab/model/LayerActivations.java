package org.mnistlab.model;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a network's blocks compute for one image: the feature maps after every ReLU and every pooling layer, read
 * from DL4J's own forward pass in evaluation mode (no dropout; BatchNorm with its running statistics).
 *
 * <p>Example: {@code LayerActivations.of(network, mnist.validation().image(0)).layers().get(0).channels()}
 *
 * @param layers the maps of each such layer, input side first
 */
public record LayerActivations(List<Maps> layers) {

    public LayerActivations {
        layers = List.copyOf(layers);
    }

    /**
     * One layer's output: {@code channels} maps of {@code height × width} values, each row by row.
     *
     * @param index    the layer's index in the network (0 = the first layer)
     * @param layer    what it is, e.g. {@code "ReLU after conv 2"} or {@code "max-pool"}
     * @param channels number of maps
     * @param height   rows per map
     * @param width    columns per map
     * @param maps     {@code channels} arrays of {@code height * width} values
     */
    public record Maps(int index, String layer, int channels, int height, int width, float[][] maps) {
        public Maps {
            Objects.requireNonNull(layer, "layer");
            if (maps.length != channels) {
                throw new IllegalArgumentException(channels + " channels but " + maps.length + " maps");
            }
            for (float[] m : maps) {
                if (m.length != height * width) {
                    throw new IllegalArgumentException("a map of " + m.length + " values is not " + height + "x" + width);
                }
            }
        }

        /** Map {@code channel}, copied. */
        public float[] map(int channel) {
            return maps[channel].clone();
        }
    }

    /**
     * The feature maps of {@code network} for one normalised image ({@code channels * height * width} values, as
     * {@code MnistDataset.image(i)} gives them).
     */
    public static LayerActivations of(Network network, float[] image) {
        Architecture a = network.architecture();
        if (image.length != a.inChannels() * a.height() * a.width()) {
            throw new IllegalArgumentException("the network takes " + a.inChannels() + "x" + a.height() + "x" + a.width()
                    + " = " + a.inChannels() * a.height() * a.width() + " values, got " + image.length);
        }
        MultiLayerNetwork net = network.dl4j();
        OneDnnLimits.requireComputable("the feature maps (DL4J's own layers compute them)", a, network.backend());
        INDArray input = Nd4j.create(image, new long[] {1, a.inChannels(), a.height(), a.width()}, 'c');
        List<INDArray> outputs = net.feedForward(input, false); // [input, layer 0, layer 1, ...]
        List<Maps> maps = new ArrayList<>();
        int convolutions = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer conf = net.getLayer(i).conf().getLayer();
            if (conf instanceof ConvolutionLayer) convolutions++;
            INDArray out = outputs.get(i + 1);
            boolean relu = conf instanceof ActivationLayer act ? act.getActivationFn() instanceof ActivationReLU
                    : conf instanceof ConvolutionLayer c && c.getActivationFn() instanceof ActivationReLU;
            boolean pool = conf instanceof SubsamplingLayer;
            if (out.rank() != 4 || !(relu || pool)) continue;
            int c = (int) out.size(1), h = (int) out.size(2), w = (int) out.size(3);
            float[][] values = new float[c][];
            for (int k = 0; k < c; k++) {
                values[k] = out.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(k)).dup('c').data().asFloat();
            }
            maps.add(new Maps(i, relu ? "ReLU after conv " + convolutions : "max-pool", c, h, w, values));
        }
        return new LayerActivations(maps);
    }

    /**
     * The first convolution's kernels of a one-channel input, each {@code k × k} weights row by row: what the
     * network looks for in the pixels themselves.
     */
    public static float[][] firstLayerFilters(Network network) {
        MultiLayerNetwork net = network.dl4j();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (!(net.getLayer(i).conf().getLayer() instanceof ConvolutionLayer)) continue;
            if (net.getLayer(i).conf().getLayer() instanceof DepthwiseConvolution2D) {
                throw new IllegalArgumentException("the first convolution is a depthwise one: one kernel per channel, "
                        + "not a bank of filters to draw");
            }
            INDArray w = net.getLayer(i).getParam("W"); // [out, in, kh, kw]
            if (w.size(1) != 1) {
                throw new IllegalArgumentException("the first convolution has " + w.size(1) + " input channels; "
                        + "its filters can be drawn only for one");
            }
            int out = (int) w.size(0);
            float[][] filters = new float[out][];
            for (int k = 0; k < out; k++) {
                filters[k] = w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(k)).dup('c').data().asFloat();
            }
            return filters;
        }
        throw new IllegalArgumentException("the network has no convolution");
    }
}
