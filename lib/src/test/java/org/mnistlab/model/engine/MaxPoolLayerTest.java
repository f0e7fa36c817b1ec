package org.mnistlab.model.engine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Max pooling against the textbook loop: each window's maximum, the first in reading order on a tie, and the
 * backward pass routing each gradient to that one input. Inputs are ReLU outputs (many exact ties at zero) and
 * plain Gaussians; planes whose outputs fill whole vectors, leave a tail, or fit in no vector at all.
 */
class MaxPoolLayerTest {

    @ParameterizedTest
    @CsvSource({
            "14, 24, 24, 2", // the final model: 144 outputs a plane, whole vectors on every width
            "8, 26, 26, 2",  // 169 outputs: vectors, then a tail
            "16, 6, 6, 2",   // 9 outputs: fewer than a 512-bit vector holds
            "3, 7, 9, 2",    // odd sides: the last row and column are dropped
            "2, 9, 9, 3"})   // another window size
    void matchesTheTextbookLoopTiesIncluded(int channels, int height, int width, int size) {
        Dims in = new Dims(channels, height, width);
        int n = 5;
        for (boolean relu : new boolean[] {true, false}) {
            Random r = new Random(9);
            float[] x = new float[n * in.size()];
            for (int i = 0; i < x.length; i++) {
                float v = (float) r.nextGaussian();
                x[i] = relu ? Math.max(v, 0f) : v;
            }
            MaxPoolLayer pool = new MaxPoolLayer("pool", in, size, new WorkerPool(2));
            int oh = height / size, ow = width / size;
            float[] y = new float[n * channels * oh * ow], dy = new float[y.length], dx = new float[x.length];
            for (int i = 0; i < dy.length; i++) dy[i] = 1 + i;
            pool.forward(x, y, n, true, 0L);
            pool.backward(x, y, dy, dx, n, null);
            float[] expectedY = new float[y.length], expectedDx = new float[x.length];
            for (int p = 0; p < n * channels; p++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int best = p * height * width + i * size * width + j * size;
                        for (int di = 0; di < size; di++) {
                            for (int dj = 0; dj < size; dj++) {
                                int at = p * height * width + (i * size + di) * width + j * size + dj;
                                if (x[at] > x[best]) best = at;
                            }
                        }
                        int o = (p * oh + i) * ow + j;
                        expectedY[o] = x[best];
                        expectedDx[best] = dy[o];
                    }
                }
            }
            assertArrayEquals(expectedY, y, "outputs, relu " + relu);
            assertArrayEquals(expectedDx, dx, "gradients routed to the first maximum, relu " + relu);
        }
    }
}
