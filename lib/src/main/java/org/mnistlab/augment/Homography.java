package org.mnistlab.augment;

/**
 * A perspective transform given by where four corners go, with torchvision's {@code perspective} conventions.
 *
 * <p>{@code startpoints} are corners of the input (top-left, top-right, bottom-right, bottom-left, as {x, y} pixel
 * coordinates) and {@code endpoints} where they appear in the output. The stored coefficients map output
 * coordinates back to input coordinates, {@code (x, y) -> ((a x + b y + c) / (g x + h y + 1), (d x + e y + f) / (g x +
 * h y + 1))}, and sampling follows torchvision's grid (pixel centres at {@code +0.5}) with bilinear interpolation.
 *
 * <pre>{@code Homography.fromCorners(start, end).apply(image, 28, 28, Augmentation.MNIST_BLACK)}</pre>
 *
 * @param coefficients {@code a, b, c, d, e, f, g, h}
 */
public record Homography(double[] coefficients) {

    public Homography {
        if (coefficients.length != 8) {
            throw new IllegalArgumentException("a homography has 8 coefficients, got " + coefficients.length);
        }
        coefficients = coefficients.clone();
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    /** Solves for the transform taking each {@code endpoints[i]} (output) back to {@code startpoints[i]} (input). */
    public static Homography fromCorners(double[][] startpoints, double[][] endpoints) {
        if (startpoints.length != 4 || endpoints.length != 4) {
            throw new IllegalArgumentException("need exactly 4 start and 4 end points");
        }
        double[][] a = new double[8][9]; // augmented matrix [A | b]
        for (int i = 0; i < 4; i++) {
            double x = endpoints[i][0];
            double y = endpoints[i][1];
            double u = startpoints[i][0];
            double v = startpoints[i][1];
            a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
            a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        }
        return new Homography(solve(a));
    }

    /** Input position of output point ({@code x}, {@code y}), as {x, y}. */
    public double[] map(double x, double y) {
        double[] k = coefficients;
        double w = k[6] * x + k[7] * y + 1;
        return new double[] {(k[0] * x + k[1] * y + k[2]) / w, (k[3] * x + k[4] * y + k[5]) / w};
    }

    /** Returns the transformed copy of {@code image}; uncovered pixels get {@code fill}. */
    public float[] apply(float[] image, int height, int width, float fill) {
        Augmentation.checkImage(image, height, width);
        double[] k = coefficients;
        float[] out = new float[image.length];
        for (int row = 0; row < height; row++) {
            double y = row + 0.5;
            for (int col = 0; col < width; col++) {
                double x = col + 0.5;
                double w = k[6] * x + k[7] * y + 1;
                // torchvision samples at the mapped point minus half a pixel (align_corners=False grid).
                double sourceX = (k[0] * x + k[1] * y + k[2]) / w - 0.5;
                double sourceY = (k[3] * x + k[4] * y + k[5]) / w - 0.5;
                out[row * width + col] = Bilinear.sample(image, height, width, sourceX, sourceY, fill);
            }
        }
        return out;
    }

    /** Gaussian elimination with partial pivoting on an n x (n+1) augmented matrix. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            if (Math.abs(a[pivot][col]) < 1e-12) {
                throw new IllegalArgumentException("corner points do not define a perspective transform (degenerate)");
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int row = col + 1; row < n; row++) {
                double factor = a[row][col] / a[col][col];
                for (int k = col; k <= n; k++) {
                    a[row][k] -= factor * a[col][k];
                }
            }
        }
        double[] x = new double[n];
        for (int row = n - 1; row >= 0; row--) {
            double sum = a[row][n];
            for (int k = row + 1; k < n; k++) {
                sum -= a[row][k] * x[k];
            }
            x[row] = sum / a[row][row];
        }
        return x;
    }
}
