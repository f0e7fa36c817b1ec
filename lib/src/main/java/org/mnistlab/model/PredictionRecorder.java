package org.mnistlab.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Records the predicted classes of the forward pass DL4J does in a training step, so that the training accuracy of
 * a step that DL4J computes itself costs no second pass. DL4J hands listeners the activations up to the output
 * layer's input: for a loss layer that input is the class scores; for a dense output layer, the scores are one
 * matrix product away (after flattening, when the layer reads a map).
 */
final class PredictionRecorder extends BaseTrainingListener {

    private final MultiLayerNetwork net;
    private int[] predictions;

    PredictionRecorder(MultiLayerNetwork net) {
        this.net = net;
    }

    /** The array the next forward pass's predictions go to. */
    void into(int[] predictions) {
        this.predictions = predictions;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        INDArray last = activations.get(activations.size() - 1);
        INDArray scores = last;
        if (net.getOutputLayer().conf().getLayer() instanceof OutputLayer out) {
            // A map before a flattening output layer arrives unflattened: NCHW in C order is the flattened order.
            INDArray in = last.rank() > 2 ? last.reshape('c', last.size(0), last.length() / last.size(0)) : last;
            scores = in.mmul(net.getOutputLayer().getParam("W"));
            if (out.hasBias()) scores.addiRowVector(net.getOutputLayer().getParam("b"));
        }
        int[] predicted = scores.argMax(1).toIntVector();
        System.arraycopy(predicted, 0, predictions, 0, Math.min(predicted.length, predictions.length));
    }
}
