package org.mnistlab.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the Java transforms with outputs of real torchvision 0.14 (Debian's python3-torchvision) on the same
 * pattern, recorded by {@code lib/src/test/tools/torchvision_golden.py}.
 */
class TorchvisionGoldenTest {
    private static final float TOLERANCE = 2e-4f; // torchvision builds its sampling grid in float32

    record Case(String kind, String params, float[] expected) {
        @Override
        public String toString() {
            return kind + "(" + params + ")";
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = TorchvisionGoldenTest.class.getResourceAsStream("torchvision-golden.txt")) {
            assertNotNull(in, "torchvision-golden.txt missing from test resources");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(";");
                String[] values = parts[2].split(",");
                float[] expected = new float[values.length];
                for (int i = 0; i < values.length; i++) {
                    expected[i] = Float.parseFloat(values[i]);
                }
                cases.add(new Case(parts[0], parts[1], expected));
            }
        }
        assertEquals(11, cases.size());
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTorchvision(Case c) {
        float[] image = AffineTransformTest.pattern(28, 28);
        float fill = Augmentation.MNIST_BLACK;
        float[] actual = switch (c.kind()) {
            case "affine" -> {
                double[] p = Arrays.stream(c.params().split(",")).mapToDouble(Double::parseDouble).toArray();
                // torchvision's affine angle is clockwise; ours is counter-clockwise.
                yield new AffineTransform(-p[0], p[1], p[2], p[3], p[4], p[5]).apply(image, 28, 28, fill);
            }
            case "rotate" -> AffineTransform.rotation(Double.parseDouble(c.params())).apply(image, 28, 28, fill);
            case "perspective" -> {
                String[] points = c.params().split(" ");
                double[][] end = new double[4][];
                for (int i = 0; i < 4; i++) {
                    end[i] = Arrays.stream(points[i].split(",")).mapToDouble(Double::parseDouble).toArray();
                }
                yield Homography.fromCorners(RandomPerspective.corners(28, 28), end).apply(image, 28, 28, fill);
            }
            default -> throw new IllegalStateException("unknown case " + c.kind());
        };
        for (int i = 0; i < actual.length; i++) {
            assertEquals(c.expected()[i], actual[i], TOLERANCE, c + " pixel " + i / 28 + "," + i % 28);
        }
    }
}
