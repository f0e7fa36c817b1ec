package org.mnistlab.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which pixels a prediction rests on, found by hiding them: a square patch of background slides over the image, and
 * each pixel's value is how much the probability of the predicted class falls, on average, when a patch covers it.
 * Unlike a gradient, it asks the trained network directly what happens without that part of the digit.
 *
 * <p>Example: {@code Occlusion.of(network, image, 7, background).drop()} (784 values for a 28×28 image)
 *
 * @param predicted   the class the network predicts for the whole image
 * @param probability its probability for the whole image
 * @param side        the image's side length
 * @param drop        per pixel, row by row: the mean fall in that probability over the patches covering it
 *                    (negative where hiding the pixel made the prediction more certain)
 */
public record Occlusion(int predicted, double probability, int side, float[] drop) {

    public Occlusion {
        if (drop.length != side * side) throw new IllegalArgumentException("expected " + side * side + " values");
        drop = drop.clone();
    }

    @Override
    public float[] drop() {
        return drop.clone();
    }

    /**
     * Slides a {@code patch × patch} square of {@code background} (the normalised value of a blank pixel) over a
     * one-channel square image, one pixel at a time, and evaluates every occluded copy in one batch.
     */
    public static Occlusion of(Network network, float[] image, int patch, float background) {
        Architecture a = network.architecture();
        int side = a.height();
        if (a.inChannels() != 1 || a.width() != side || image.length != side * side) {
            throw new IllegalArgumentException("occlusion needs one square one-channel image of the network's size "
                    + a.height() + "x" + a.width() + ", got " + image.length + " values");
        }
        if (patch < 1 || patch > side) throw new IllegalArgumentException("patch must be 1.." + side + ", got " + patch);
        INDArray whole = network.output(Nd4j.create(image, new long[] {1, 1, side, side}, 'c'));
        int predicted = whole.argMax(1).getInt(0);
        double probability = whole.getDouble(0, predicted);

        int steps = side - patch + 1;
        float[] batch = new float[steps * steps * side * side];
        for (int py = 0; py < steps; py++) {
            for (int px = 0; px < steps; px++) {
                int offset = (py * steps + px) * side * side;
                System.arraycopy(image, 0, batch, offset, side * side);
                for (int y = py; y < py + patch; y++) {
                    java.util.Arrays.fill(batch, offset + y * side + px, offset + y * side + px + patch, background);
                }
            }
        }
        INDArray out = network.output(Nd4j.create(batch, new long[] {(long) steps * steps, 1, side, side}, 'c'));
        double[] sum = new double[side * side];
        int[] count = new int[side * side];
        for (int py = 0; py < steps; py++) {
            for (int px = 0; px < steps; px++) {
                double fall = probability - out.getDouble((long) py * steps + px, predicted);
                for (int y = py; y < py + patch; y++) {
                    for (int x = px; x < px + patch; x++) {
                        sum[y * side + x] += fall;
                        count[y * side + x]++;
                    }
                }
            }
        }
        float[] drop = new float[side * side];
        for (int i = 0; i < drop.length; i++) drop[i] = (float) (sum[i] / count[i]);
        return new Occlusion(predicted, probability, side, drop);
    }
}
