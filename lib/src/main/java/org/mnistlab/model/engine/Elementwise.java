package org.mnistlab.model.engine;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** ReLU and its gradient over whole arrays, vectorised and cut into parallel ranges. */
final class Elementwise {

    private static final VectorSpecies<Float> S = Lanes.SPECIES;
    /** Elements per parallel task: large enough that a task is worth a thread hand-off. */
    private static final int RANGE = 1 << 15;

    private Elementwise() {
    }

    /** {@code a[i] = max(a[i], 0)} for the first {@code length} elements. */
    static void relu(float[] a, int length, WorkerPool parallel) {
        parallel.forEachChunk(length, RANGE, (from, to) -> relu(a, from, to));
    }

    /** {@code a[i] = max(a[i], 0)} for {@code i} in {@code [from, to)}, on the calling thread. */
    static void relu(float[] a, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, i).max(zero).intoArray(a, i);
        }
        for (; i < to; i++) a[i] = Math.max(a[i], 0f);
    }

    /** {@code dx[i] = y[i] > 0 ? dy[i] : 0}, with {@code y} the ReLU's output ({@code dx} may be {@code dy}). */
    static void reluGradient(float[] y, float[] dy, float[] dx, int length, WorkerPool parallel) {
        parallel.forEachChunk(length, RANGE, (from, to) -> reluGradient(y, dy, dx, from, to));
    }

    /** {@link #reluGradient} for {@code i} in {@code [from, to)}, on the calling thread. */
    static void reluGradient(float[] y, float[] dy, float[] dx, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, dy, i);
            g.blend(zero, FloatVector.fromArray(S, y, i).compare(VectorOperators.LE, 0f)).intoArray(dx, i);
        }
        for (; i < to; i++) dx[i] = y[i] > 0f ? dy[i] : 0f;
    }
}
