package org.mnistlab.train;

import org.junit.jupiter.api.Test;
import org.mnistlab.model.Models;
import org.mnistlab.model.Network;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WeightAverageTest {

    @Test
    void theAverageWarmsUpThenMovesByOneMinusTheDecay() {
        INDArray w = Nd4j.createFromArray(new float[] {0, 10});
        WeightAverage a = WeightAverage.of(w, 0.9);
        w.assign(Nd4j.createFromArray(new float[] {1, 20}));
        a.update(w, 1); // d = min(0.9, 2/11)
        double d = 2.0 / 11;
        assertArrayEquals(new float[] {(float) (1 - d), (float) (10 * d + 20 * (1 - d))},
                a.average().toFloatVector(), 1e-5f);
        float[] before = a.average().toFloatVector();
        a.update(w, 1000); // d = 0.9
        assertEquals(0.9 * before[0] + 0.1, a.average().getFloat(0), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> WeightAverage.of(w, 1));
    }

    @Test
    void swappingInRestoresTheWeightsAndTheBytesRoundTrip() throws Exception {
        Network net = Models.gap().build(1);
        INDArray own = net.dl4j().params().dup();
        WeightAverage a = WeightAverage.of(own.mul(0.5), 0.99);
        double sum = a.swappedIn(net, () -> net.dl4j().params().sumNumber().doubleValue());
        assertEquals(own.mul(0.5).sumNumber().doubleValue(), sum, 1e-3, "the average was in place");
        assertEquals(own, net.dl4j().params(), "and the weights are back");
        WeightAverage back = WeightAverage.fromBytes(a.toBytes(), net.dl4j().params(), 0.99);
        assertEquals(a.average(), back.average());
        assertThrows(IllegalArgumentException.class,
                () -> WeightAverage.fromBytes(new byte[8], net.dl4j().params(), 0.99));
        assertEquals(DataType.FLOAT, back.average().dataType());
    }
}
