package org.mnistlab.train;

import org.mnistlab.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An exponential moving average of a network's weights, BatchNorm's running statistics included (they are part of
 * DL4J's parameter vector): after every step, {@code average = d * average + (1 - d) * weights}, with
 * {@code d = min(decay, (1 + t) / (10 + t))} after {@code t} steps, TensorFlow's {@code ExponentialMovingAverage}
 * warm-up (so that the first steps, whose weights are far from the last, soon count for little). DL4J keeps a
 * BatchNorm's running variance as log10 of its standard deviation, so the average of that is a geometric mean;
 * {@code scripts/pytorch_train.py --ema} averages PyTorch's {@code running_var} itself.
 *
 * <p>Why: the test set is judged on three epochs in a row, and the weights of one step jitter with its batch; their
 * average over the last few hundred steps does not. The trainer evaluates and saves the average and keeps training
 * the weights themselves.
 */
final class WeightAverage {

    private final double decay;
    private final INDArray average;

    private WeightAverage(double decay, INDArray average) {
        this.decay = decay;
        this.average = average;
    }

    /** Starts from {@code weights} (a copy is kept). */
    static WeightAverage of(INDArray weights, double decay) {
        if (!(decay > 0 && decay < 1)) throw new IllegalArgumentException("EMA decay must be in (0, 1): " + decay);
        return new WeightAverage(decay, weights.dup());
    }

    /** Folds in {@code weights} after {@code steps} training steps in all. */
    void update(INDArray weights, int steps) {
        double d = Math.min(decay, (1.0 + steps) / (10.0 + steps));
        average.muli(d).addi(weights.mul(1 - d));
    }

    INDArray average() {
        return average;
    }

    /** Work done with the average in place of the weights. */
    interface Task<T> {
        T run() throws IOException;
    }

    /** Runs {@code task} with the average as {@code network}'s weights, then puts its own weights back. */
    <T> T swappedIn(Network network, Task<T> task) throws IOException {
        INDArray weights = network.dl4j().params();
        INDArray own = weights.dup();
        weights.assign(average);
        try {
            return task.run();
        } finally {
            weights.assign(own);
        }
    }

    /** The average as little-endian floats, for a checkpoint. */
    byte[] toBytes() {
        float[] values = average.castTo(DataType.FLOAT).data().asFloat();
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    /** What {@link #toBytes()} wrote, for a network whose weights look like {@code like}. */
    static WeightAverage fromBytes(byte[] bytes, INDArray like, double decay) {
        return new WeightAverage(decay, decode(bytes, like));
    }

    /** The averaged weights {@link #toBytes()} wrote, shaped like {@code like}. */
    static INDArray decode(byte[] bytes, INDArray like) {
        if (bytes.length != like.length() * Float.BYTES) {
            throw new IllegalArgumentException("a weight average of " + bytes.length / Float.BYTES + " values for "
                    + like.length() + " weights");
        }
        float[] values = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return Nd4j.create(values, like.shape(), like.ordering()).castTo(like.dataType());
    }
}
