package org.mnistlab.augment;

/**
 * One fixed affine transform about the image centre, with torchvision's parameterisation and bilinear sampling.
 *
 * <p>Conventions (image coordinates, x to the right, y down, centre at {@code ((w-1)/2, (h-1)/2)}):
 * {@code angleDegrees} &gt; 0 rotates counter-clockwise as seen on screen (like torchvision's {@code rotate} and
 * {@code np.rot90}; torchvision's {@code affine} calls the same turn a negative angle), {@code translateX/Y} move the
 * content right/down by that many pixels, {@code scale} &gt; 1 enlarges, and {@code shearXDegrees},
 * {@code shearYDegrees} are torchvision's shear angles. Each output pixel is sampled from the input through the
 * inverse transform (torchvision's {@code _get_inverse_affine_matrix}).
 *
 * <pre>{@code float[] turned = AffineTransform.rotation(90).apply(image, 28, 28, Augmentation.MNIST_BLACK);}</pre>
 */
public record AffineTransform(double angleDegrees, double translateX, double translateY, double scale,
                              double shearXDegrees, double shearYDegrees) {

    public AffineTransform {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be a positive number, got " + scale);
        }
        checkFinite("angleDegrees", angleDegrees);
        checkFinite("translateX", translateX);
        checkFinite("translateY", translateY);
        checkShear("shearXDegrees", shearXDegrees);
        checkShear("shearYDegrees", shearYDegrees);
    }

    /** The transform that changes nothing. */
    public static AffineTransform identity() {
        return new AffineTransform(0, 0, 0, 1, 0, 0);
    }

    /** Counter-clockwise rotation about the centre. */
    public static AffineTransform rotation(double angleDegrees) {
        return new AffineTransform(angleDegrees, 0, 0, 1, 0, 0);
    }

    /** Moves the content {@code dx} pixels right and {@code dy} pixels down. */
    public static AffineTransform translation(double dx, double dy) {
        return new AffineTransform(0, dx, dy, 1, 0, 0);
    }

    /**
     * The 2x3 matrix mapping centred output coordinates to centred input coordinates:
     * {@code xIn = m[0]*x + m[1]*y + m[2]}, {@code yIn = m[3]*x + m[4]*y + m[5]}.
     */
    public double[] inverseMatrix() {
        // torchvision's _get_inverse_affine_matrix with centre (0, 0); its angle is clockwise, ours counter-clockwise.
        double rot = Math.toRadians(-angleDegrees);
        double sx = Math.toRadians(shearXDegrees);
        double sy = Math.toRadians(shearYDegrees);
        double a = StrictMath.cos(rot - sy) / StrictMath.cos(sy);
        double b = -StrictMath.cos(rot - sy) * StrictMath.tan(sx) / StrictMath.cos(sy) - StrictMath.sin(rot);
        double c = StrictMath.sin(rot - sy) / StrictMath.cos(sy);
        double d = -StrictMath.sin(rot - sy) * StrictMath.tan(sx) / StrictMath.cos(sy) + StrictMath.cos(rot);
        double[] m = {d / scale, -b / scale, 0, -c / scale, a / scale, 0};
        m[2] = m[0] * -translateX + m[1] * -translateY;
        m[5] = m[3] * -translateX + m[4] * -translateY;
        return m;
    }

    /** Returns the transformed copy of {@code image}; uncovered pixels get {@code fill}. */
    public float[] apply(float[] image, int height, int width, float fill) {
        Augmentation.checkImage(image, height, width);
        double[] m = inverseMatrix();
        double cx = (width - 1) * 0.5;
        double cy = (height - 1) * 0.5;
        float[] out = new float[image.length];
        for (int row = 0; row < height; row++) {
            double y = row - cy;
            for (int col = 0; col < width; col++) {
                double x = col - cx;
                double sourceX = m[0] * x + m[1] * y + m[2] + cx;
                double sourceY = m[3] * x + m[4] * y + m[5] + cy;
                out[row * width + col] = Bilinear.sample(image, height, width, sourceX, sourceY, fill);
            }
        }
        return out;
    }

    private static void checkFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }

    private static void checkShear(String name, double degrees) {
        if (!Double.isFinite(degrees) || Math.abs(degrees) >= 90) {
            throw new IllegalArgumentException(name + " must be strictly between -90 and 90 degrees, got " + degrees);
        }
    }
}
