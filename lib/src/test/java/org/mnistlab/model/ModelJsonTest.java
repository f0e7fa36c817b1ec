package org.mnistlab.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON the drawing pad evaluates in the browser: evaluated here by the same rules as the page's script (a
 * direct loop per layer), it must give the network's own probabilities. The browser test checks the script itself.
 */
class ModelJsonTest {

    @Test
    void theJsonEvaluatesToTheNetworksOwnOutput() throws Exception {
        for (String name : new String[] {"final", "baseline", "separable"}) {
            Network net = (name.equals("separable") ? Architecture.parse(JavaNetworkTest.SEPARABLE)
                    : Models.byName(name)).build(7);
            Nd4j.getRandom().setSeed(3);
            for (int step = 0; step < 3; step++) { // moves BatchNorm's running statistics away from 0 and 1
                INDArray x = Nd4j.rand(DataType.FLOAT, 16, 1, 28, 28).muli(2).subi(0.4);
                INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
                for (int i = 0; i < 16; i++) y.putScalar(i, i % 10, 1);
                net.fit(x, y);
            }
            JsonNode model = new ObjectMapper().readTree(ModelJson.of(net));
            INDArray images = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28).muli(2).subi(0.4);
            INDArray expected = net.output(images);
            for (int n = 0; n < 4; n++) {
                double[] p = evaluate(model, images.slice(n).dup('c').data().asDouble());
                for (int d = 0; d < 10; d++) assertEquals(expected.getDouble(n, d), p[d], 1e-5, name + " image " + n);
            }
        }
    }

    @Test
    void batchNormIsFoldedAndDropoutLeftOut() throws Exception {
        JsonNode model = new ObjectMapper().readTree(ModelJson.of(Models.dropout().build(1)));
        StringBuilder ops = new StringBuilder();
        for (JsonNode layer : model.get("layers")) ops.append(layer.get("op").asText()).append(' ');
        assertTrue(ops.toString().startsWith("conv affine relu conv affine relu maxpool "), ops.toString());
        assertTrue(ops.toString().endsWith("softmax "), ops.toString());
        assertTrue(!ops.toString().contains("dropout"), ops.toString());
    }

    @Test
    void aLayerItCannotDescribeIsRefused() {
        Network dense = Architecture.builder("dense").flatten().dense(10).build().build(1);
        assertThrows(IllegalArgumentException.class, () -> ModelJson.of(dense));
    }

    /** The page's decoding of a base64 string of little-endian float32. */
    static float[] floats(JsonNode base64) {
        java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(base64.asText()))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] values = new float[f.remaining()];
        f.get(values);
        return values;
    }

    /** The page's forward pass, layer by layer. */
    static double[] evaluate(JsonNode model, double[] input) {
        double[] x = input.clone();
        int c = model.get("input").get(0).asInt(), h = model.get("input").get(1).asInt(), w = model.get("input").get(2).asInt();
        for (JsonNode l : model.get("layers")) {
            switch (l.get("op").asText()) {
                case "conv" -> {
                    int k = l.get("k").asInt(), p = l.get("pad").asInt(), out = l.get("out").asInt();
                    int oh = h + 2 * p - k + 1, ow = w + 2 * p - k + 1;
                    double[] y = new double[out * oh * ow];
                    float[] weights = floats(l.get("w"));
                    float[] bias = l.get("b").isNull() ? null : floats(l.get("b"));
                    for (int o = 0; o < out; o++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
                        double sum = bias == null ? 0 : bias[o];
                        for (int ci = 0; ci < c; ci++) for (int u = 0; u < k; u++) for (int v = 0; v < k; v++) {
                            int yy = i + u - p, xx = j + v - p;
                            if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                            sum += weights[((o * c + ci) * k + u) * k + v] * x[(ci * h + yy) * w + xx];
                        }
                        y[(o * oh + i) * ow + j] = sum;
                    }
                    x = y; c = out; h = oh; w = ow;
                }
                case "affine" -> {
                    float[] scale = floats(l.get("scale")), shift = floats(l.get("shift"));
                    for (int ci = 0; ci < c; ci++) for (int q = 0; q < h * w; q++) {
                        x[ci * h * w + q] = x[ci * h * w + q] * scale[ci] + shift[ci];
                    }
                }
                case "relu" -> {
                    for (int q = 0; q < x.length; q++) x[q] = Math.max(0, x[q]);
                }
                case "maxpool" -> {
                    int s = l.get("size").asInt(), oh = h / s, ow = w / s;
                    double[] y = new double[c * oh * ow];
                    for (int ci = 0; ci < c; ci++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int u = 0; u < s; u++) for (int v = 0; v < s; v++) m = Math.max(m, x[(ci * h + i * s + u) * w + j * s + v]);
                        y[(ci * oh + i) * ow + j] = m;
                    }
                    x = y; h = oh; w = ow;
                }
                case "gap" -> {
                    double[] y = new double[c];
                    for (int ci = 0; ci < c; ci++) {
                        for (int q = 0; q < h * w; q++) y[ci] += x[ci * h * w + q];
                        y[ci] /= h * w;
                    }
                    x = y; h = 1; w = 1;
                }
                case "softmax" -> {
                    double m = Double.NEGATIVE_INFINITY, s = 0;
                    for (double v : x) m = Math.max(m, v);
                    double[] e = new double[x.length];
                    for (int q = 0; q < x.length; q++) s += e[q] = Math.exp(x[q] - m);
                    for (int q = 0; q < x.length; q++) e[q] /= s;
                    x = e;
                }
                default -> throw new IllegalArgumentException("unknown op " + l.get("op"));
            }
        }
        return x;
    }
}
