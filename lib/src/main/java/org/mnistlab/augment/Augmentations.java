package org.mnistlab.augment;

/**
 * Ready-made augmentation recipes for MNIST (28x28, normalised, black fill).
 *
 * <ul>
 *   <li>{@link #light()}: {@code RandomRotation.of(7)} only.</li>
 *   <li>{@link #standard()}: {@code RandomAffine.standard()}: ±10°, translate 8 %, scale 0.95–1.08, shear ±8°.</li>
 *   <li>{@link #strong()}: standard, then {@code RandomPerspective.standard()} (distortion 0.2, p 0.25), then
 *       {@code RandomErasing.standard()} (p 0.5, 2–15 % of the area).</li>
 * </ul>
 *
 * <pre>{@code MnistBatches.of(train).shuffle(42).augment(Augmentations.standard()).build()}</pre>
 */
public final class Augmentations {
    private Augmentations() {
    }

    /** No augmentation. */
    public static Augmentation none() {
        return Augmentation.identity();
    }

    /** Small rotations only: {@code RandomRotation.of(7)}. */
    public static Augmentation light() {
        return RandomRotation.of(7);
    }

    /** {@code RandomAffine.standard()}. */
    public static Augmentation standard() {
        return RandomAffine.standard();
    }

    /** Affine, then perspective, then erasing, each with its standard setting. */
    public static Augmentation strong() {
        return Augmentation.pipeline(RandomAffine.standard(), RandomPerspective.standard(), RandomErasing.standard());
    }

    /** By name, as the command-line runner takes it: {@code none}, {@code light}, {@code standard}, {@code strong}. */
    public static Augmentation byName(String name) {
        return switch (name) {
            case "none" -> none();
            case "light" -> light();
            case "standard" -> standard();
            case "strong" -> strong();
            default -> throw new IllegalArgumentException("unknown augmentation '" + name
                    + "'; known: none, light, standard, strong");
        };
    }
}
