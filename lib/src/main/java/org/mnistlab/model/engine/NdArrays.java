package org.mnistlab.model.engine;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies between ND4J arrays (off-heap) and Java float arrays for the vector kernels: one bulk memory copy for an
 * array that owns its whole buffer ({@code DataBuffer.getFloatsAt} and {@code setData} go element by element, which
 * cost more than the convolutions), a copy through {@code dup}/{@code assign} for views.
 */
final class NdArrays {

    private NdArrays() {
    }

    /** The elements of {@code a} in row-major (NCHW) order, in a new array. */
    static float[] read(INDArray a) {
        return read(a, null);
    }

    /**
     * The elements of {@code a} in row-major order, in {@code reuse} when it has the right length (a layer's
     * activations are megabytes: allocating them afresh every step keeps the garbage collector busy).
     */
    static float[] read(INDArray a, float[] reuse) {
        if (a.dataType() != DataType.FLOAT) throw new IllegalArgumentException("need FLOAT, got " + a.dataType());
        if (a.length() > Integer.MAX_VALUE) throw new IllegalArgumentException("array too large: " + a.length());
        INDArray c = ownsBuffer(a) ? a : a.dup('c');
        float[] values = reuse != null && reuse.length == c.length() ? reuse : new float[(int) c.length()];
        if (values.length > 0) ((FloatPointer) c.data().addressPointer()).get(values);
        return values;
    }

    /** Copies the elements of {@code a}, row-major, to the start of {@code into} (at least as long). */
    static void readInto(INDArray a, float[] into) {
        if (a.dataType() != DataType.FLOAT) throw new IllegalArgumentException("need FLOAT, got " + a.dataType());
        if (a.length() > into.length) throw new IllegalArgumentException(a.length() + " values for " + into.length);
        INDArray c = ownsBuffer(a) ? a : a.dup('c');
        if (c.length() > 0) ((FloatPointer) c.data().addressPointer()).get(into, 0, (int) c.length());
    }

    /** {@code reuse} if it holds exactly {@code length} floats, else a new array. */
    static float[] buffer(float[] reuse, long length) {
        return reuse != null && reuse.length == length ? reuse : new float[Math.toIntExact(length)];
    }

    /** Overwrites {@code target}'s elements, row-major, with {@code values}. */
    static void write(float[] values, INDArray target) {
        if (values.length != target.length()) {
            throw new IllegalArgumentException(values.length + " values for an array of " + target.length());
        }
        if (values.length == 0) return;
        if (target.dataType() == DataType.FLOAT && ownsBuffer(target)) {
            ((FloatPointer) target.data().addressPointer()).put(values);
        } else {
            target.assign(Nd4j.createFromArray(values).reshape('c', target.shape()));
        }
    }

    /** Row-major, dense, and the only array on its buffer: its elements are the buffer, start to end. */
    private static boolean ownsBuffer(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && !a.isView() && a.offset() == 0
                && a.data().length() == a.length();
    }
}
