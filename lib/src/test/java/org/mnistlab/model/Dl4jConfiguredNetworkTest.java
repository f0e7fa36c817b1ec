package org.mnistlab.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mnistlab.data.MnistData;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mnistlab.model.EngineFixtures.assertClose;

/**
 * A network a user configures with DL4J's own {@code NeuralNetConfiguration} builder trains through the library:
 * its architecture is read back, it runs on the Java engine when it can, its steps are DL4J's, and what the engine
 * does not compute sends it to DL4J with the reason.
 */
class Dl4jConfiguredNetworkTest {

    /** The same network as {@link #ARCHITECTURE}, written as a DL4J user would write it. */
    static MultiLayerConfiguration conf(long seed, UnaryOperator<ConvolutionLayer.Builder> firstConv) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.UNIFORM)
                .updater(new Nesterovs(0.05, 0.9)).convolutionMode(ConvolutionMode.Truncate)
                .list()
                .layer(firstConv.apply(new ConvolutionLayer.Builder(3, 3).nOut(8).hasBias(false)
                        .activation(Activation.IDENTITY)).build())
                .layer(new BatchNormalization.Builder().eps(1e-5).decay(0.9).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(12).hasBias(false).activation(Activation.IDENTITY)
                        .build())
                .layer(new BatchNormalization.Builder().eps(1e-5).decay(0.9).build())
                .layer(new ActivationLayer.Builder().activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(1, 1).nOut(10).hasBias(false).activation(Activation.IDENTITY)
                        .build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1, CNN2DFormat.NCHW))
                .build();
    }

    static final Architecture ARCHITECTURE = Architecture.builder("mine")
            .convBlock(8).maxPool().convBlock(12).conv(10, 1).globalAvgPool().build();

    static DataSet batch;

    @BeforeAll
    static void data() {
        batch = EngineFixtures.firstBatch(MnistData.load().train(), 64);
    }

    @Test
    void itsArchitectureIsReadBackFromTheConfiguration() {
        Architecture read = Architecture.fromDl4j("mine", conf(1, b -> b));
        assertEquals(ARCHITECTURE, read);
        assertEquals(ARCHITECTURE.trainableParameters(), read.trainableParameters());
        // What the library configures reads back as the same network, for every tutorial model. (A global average
        // pool over a 1x1 map reads back as the one Network.configure adds by itself: small-gap writes it out.)
        for (String name : new String[] {"baseline", "batchnorm", "dropout", "gap", "final", "small-gap",
                "gap-linear", "flatten-head"}) {
            Architecture a = Models.byName(name);
            Architecture back = Architecture.fromDl4j(a.name(), Dl4jConfigurationWriter.write(a, 1));
            assertEquals(Dl4jConfigurationWriter.write(a, 1).toJson(), Dl4jConfigurationWriter.write(back, 1).toJson(), name);
            assertEquals(a.trainableParameters(), back.trainableParameters(), name);
            if (!name.equals("small-gap")) assertEquals(a, back, name);
        }
        String error = assertThrows(IllegalArgumentException.class, () -> Architecture.fromDl4j("lrn",
                new NeuralNetConfiguration.Builder().list()
                        .layer(new ConvolutionLayer.Builder(3, 3).nOut(10).activation(Activation.RELU).build())
                        .layer(new LocalResponseNormalization.Builder().build())
                        .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                        .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT)
                                .activation(Activation.SOFTMAX).build())
                        .setInputType(InputType.convolutional(28, 28, 1)).build())).getMessage();
        assertEquals("layer 1 (LocalResponseNormalization): no Architecture equivalent of this layer", error);
        // What an architecture cannot say is refused, not described wrongly.
        error = assertThrows(IllegalArgumentException.class, () -> Architecture.fromDl4j("dropped",
                conf(1, b -> b.dropOut(0.9)))).getMessage();
        assertTrue(error.startsWith("layer 0 (ConvolutionLayer): dropout on a layer's input"), error);
        error = assertThrows(IllegalArgumentException.class, () -> Architecture.fromDl4j("rgb",
                new NeuralNetConfiguration.Builder().list()
                        .layer(new ConvolutionLayer.Builder(3, 3).nIn(3).nOut(10).activation(Activation.RELU).build())
                        .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                        .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                                .build()).build())).getMessage();
        assertEquals("layer 0 (ConvolutionLayer): 3 inputs, but the layer before gives 1 (the input is 1x28x28)", error);
        // A dense layer on a map: DL4J flattens it in NCHW order, which reads back as flatten().
        Architecture flat = Architecture.fromDl4j("flat", new NeuralNetConfiguration.Builder().list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).hasBias(false).activation(Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1)).build());
        assertEquals(Architecture.builder("flat").conv(4, 3).relu().flatten().dense(10).build(), flat);
        assertEquals(36 + 4 * 26 * 26 * 10 + 10, flat.trainableParameters());
    }

    /** Notebook 01's cell: the baseline as a DL4J user writes it. */
    static MultiLayerConfiguration baselineInDl4j(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).weightInit(WeightInit.UNIFORM).updater(new Nesterovs(0.01, 0.9))
                .convolutionMode(ConvolutionMode.Truncate)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(12).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(12).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(14).activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(10).activation(Activation.IDENTITY).build())
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
    }

    @Test
    void theBaselineWrittenInDl4jIsTheLibrarysBaseline() {
        MultiLayerNetwork mine = new MultiLayerNetwork(baselineInDl4j(1));
        mine.init();
        assertEquals(Models.baseline().layers(), Architecture.fromDl4j("baseline", mine.getLayerWiseConfigurations())
                .layers());
        assertEquals(Models.baseline().build(1).dl4j().params(), mine.params(), "the same seed draws the same weights");
    }

    @Test
    void itTrainsOnTheJavaEngineAsDl4jDoes() {
        EngineFixtures.requireJavaEngine();
        Network mine = Network.of("mine", new MultiLayerNetwork(conf(3, b -> b)));
        Network reference = Network.of("mine", new MultiLayerNetwork(conf(3, b -> b)), EngineChoice.DL4J);
        assertTrue(mine.engine().isJavaVector(), mine.engine().describe());
        assertEquals(ARCHITECTURE.layers(), mine.architecture().layers());
        INDArray before = reference.dl4j().params().dup();
        assertEquals(before, mine.dl4j().params(), "same seed, same initial weights");
        for (int step = 0; step < 3; step++) {
            TrainingStep m = mine.fit(batch.getFeatures(), batch.getLabels());
            TrainingStep r = reference.fit(batch.getFeatures(), batch.getLabels());
            assertEquals(r.loss(), m.loss(), 1e-3, "step " + step + " loss");
        }
        assertTrue(mine.javaNetwork().usesJavaOptimizer(), "its Nesterov updater runs in the Java engine");
        assertClose(reference.dl4j().params().sub(before), mine.dl4j().params().sub(before), 5e-3,
                "parameter change after 3 steps");
        assertEquals(3, mine.iterations());
    }

    @Test
    void whatTheJavaEngineDoesNotComputeSendsItToDl4jWithTheReason() {
        UnaryOperator<ConvolutionLayer.Builder> noisy = b -> b.weightNoise(new DropConnect(0.9));
        Network net = Network.of("noisy", new MultiLayerNetwork(conf(4, noisy)));
        assertEquals(Engine.DL4J, net.engine().name());
        assertTrue(net.engine().reason().contains("layer 0 (ConvolutionLayer): weight noise DropConnect"),
                net.engine().describe());
        double loss = net.fit(batch.getFeatures(), batch.getLabels()).loss();
        assertTrue(loss > 0 && loss < 5, "DL4J trains it: loss " + loss);
        String error = assertThrows(IllegalStateException.class, () -> Network.of("noisy",
                new MultiLayerNetwork(conf(4, noisy)), EngineChoice.JAVA_VECTOR)).getMessage();
        assertTrue(error.contains("the java-vector engine cannot run noisy: layer 0"), error);
    }
}
