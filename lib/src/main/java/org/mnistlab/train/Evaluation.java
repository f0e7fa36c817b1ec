package org.mnistlab.train;

import org.mnistlab.model.Network;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A model's predictions on a data set, with the figures derived from them.
 *
 * <p>Example: {@code Evaluation e = Evaluation.of(net, testBatches); e.accuracy(); e.confusionMatrix();}
 *
 * @param loss        mean cross-entropy (no label smoothing)
 * @param accuracy    percent correct
 * @param labels      true class of each sample, in data order
 * @param predictions predicted class of each sample
 * @param confidence  probability the model gave its prediction
 */
public record Evaluation(double loss, double accuracy, int[] labels, int[] predictions, float[] confidence) {

    /** Runs the network in inference mode over every batch. */
    public static Evaluation of(Network network, Iterator<DataSet> batches) {
        List<int[]> labelParts = new ArrayList<>();
        List<int[]> predParts = new ArrayList<>();
        List<float[]> confParts = new ArrayList<>();
        double lossSum = 0;
        int n = 0;
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            INDArray probabilities = network.output(batch.getFeatures());
            int[] truth = batch.getLabels().argMax(1).toIntVector();
            int[] predicted = probabilities.argMax(1).toIntVector();
            float[][] p = probabilities.toFloatMatrix();
            float[] conf = new float[truth.length];
            for (int i = 0; i < truth.length; i++) {
                // Clip like DL4J's loss does, so one confident mistake gives a large but finite loss.
                lossSum -= StrictMath.log(Math.max(p[i][truth[i]], 1e-10));
                conf[i] = p[i][predicted[i]];
            }
            labelParts.add(truth);
            predParts.add(predicted);
            confParts.add(conf);
            n += truth.length;
        }
        if (n == 0) throw new IllegalArgumentException("nothing to evaluate: the data set is empty");
        int[] labels = concat(labelParts, n);
        int[] predictions = concat(predParts, n);
        float[] confidence = new float[n];
        int at = 0;
        for (float[] part : confParts) {
            System.arraycopy(part, 0, confidence, at, part.length);
            at += part.length;
        }
        int correct = 0;
        for (int i = 0; i < n; i++) if (labels[i] == predictions[i]) correct++;
        return new Evaluation(lossSum / n, 100.0 * correct / n, labels, predictions, confidence);
    }

    private static int[] concat(List<int[]> parts, int n) {
        int[] out = new int[n];
        int at = 0;
        for (int[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    public int size() {
        return labels.length;
    }

    /** counts[true][predicted]. */
    public int[][] confusionMatrix() {
        int classes = 0;
        for (int i = 0; i < labels.length; i++) classes = Math.max(classes, Math.max(labels[i], predictions[i]) + 1);
        int[][] m = new int[Math.max(classes, 10)][Math.max(classes, 10)];
        for (int i = 0; i < labels.length; i++) m[labels[i]][predictions[i]]++;
        return m;
    }

    /** Indices of the wrongly classified samples, most confident mistakes first. */
    public int[] misclassified() {
        List<Integer> wrong = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) if (labels[i] != predictions[i]) wrong.add(i);
        wrong.sort((a, b) -> Float.compare(confidence[b], confidence[a]));
        return wrong.stream().mapToInt(Integer::intValue).toArray();
    }
}
