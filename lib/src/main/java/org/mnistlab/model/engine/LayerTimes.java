package org.mnistlab.model.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a Java-engine training step spends its time: the wall time of each layer's forward and backward pass, the
 * loss, and the optimiser update, summed over the steps recorded. The bench's {@code --layers} prints it, to find what
 * to optimise before optimising it.
 *
 * <p>Example: {@code LayerTimes t = net.timeLayers(); ...train...; System.out.print(t.table());}
 */
public final class LayerTimes {

    /** One row of the profile, in milliseconds per training step. */
    public record Row(String layer, double forwardMs, double backwardMs) {
        public double totalMs() {
            return forwardMs + backwardMs;
        }
    }

    private final List<String> layers;
    private final long[] forward;
    private final long[] backward;
    private long loss;
    private long update;
    private int steps;

    LayerTimes(List<String> layers) {
        this.layers = List.copyOf(layers);
        this.forward = new long[layers.size()];
        this.backward = new long[layers.size()];
    }

    void forward(int layer, long nanos) {
        forward[layer] += nanos;
    }

    void backward(int layer, long nanos) {
        backward[layer] += nanos;
    }

    void lossAndUpdate(long lossNanos, long updateNanos) {
        loss += lossNanos;
        update += updateNanos;
        steps++;
    }

    /** Training steps recorded so far. */
    public int steps() {
        return steps;
    }

    /** Per layer, then the loss and the update (forward column), each averaged over the recorded steps. */
    public List<Row> rows() {
        double per = Math.max(steps, 1) * 1e6;
        List<Row> rows = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) rows.add(new Row(layers.get(l), forward[l] / per, backward[l] / per));
        rows.add(new Row("softmax cross-entropy", loss / per, 0));
        rows.add(new Row("optimiser update", update / per, 0));
        return rows;
    }

    /** {@link #rows} as a text table with each row's share of the step. */
    public String table() {
        List<Row> rows = rows();
        double total = rows.stream().mapToDouble(Row::totalMs).sum();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-44s %10s %11s %6s%n", "layer (ms per step)",
                "forward", "backward", "share"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-44s %10.3f %11.3f %5.1f%%%n", r.layer(), r.forwardMs(),
                    r.backwardMs(), 100 * r.totalMs() / total));
        }
        b.append(String.format(Locale.ROOT, "%-44s %22.3f  over %d steps%n", "step", total, steps));
        return b.toString();
    }
}
