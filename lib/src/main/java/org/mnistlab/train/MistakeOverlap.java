package org.mnistlab.train;

import java.util.Arrays;

/**
 * Which images two networks get wrong, set side by side: the mistakes they share and each one's own. Two models can
 * score alike and still fail on different digits; the overlap says whether the smaller one lost something new or
 * only more of the same.
 *
 * <p>Example: {@code MistakeOverlap o = MistakeOverlap.of(Lab.evaluate(small, test), Lab.evaluate(big, test));}
 *
 * @param images      how many images both were evaluated on
 * @param shared      the images both get wrong
 * @param onlyFirst   the images only the first gets wrong, its most confident mistakes first
 * @param onlySecond  the images only the second gets wrong, its most confident mistakes first
 */
public record MistakeOverlap(int images, int[] shared, int[] onlyFirst, int[] onlySecond) {

    public MistakeOverlap {
        shared = shared.clone();
        onlyFirst = onlyFirst.clone();
        onlySecond = onlySecond.clone();
    }

    /** The overlap of two evaluations of the same images, in the same order. */
    public static MistakeOverlap of(Evaluation first, Evaluation second) {
        if (first.size() != second.size() || !Arrays.equals(first.labels(), second.labels())) {
            throw new IllegalArgumentException("the two evaluations are not of the same images: " + first.size()
                    + " and " + second.size() + " images, labels " + (Arrays.equals(first.labels(), second.labels())
                    ? "equal" : "different"));
        }
        int[] firstWrong = first.misclassified();
        int[] secondWrong = second.misclassified();
        boolean[] wrongBySecond = new boolean[second.size()];
        for (int i : secondWrong) wrongBySecond[i] = true;
        boolean[] wrongByFirst = new boolean[first.size()];
        for (int i : firstWrong) wrongByFirst[i] = true;
        return new MistakeOverlap(first.size(),
                Arrays.stream(firstWrong).filter(i -> wrongBySecond[i]).sorted().toArray(),
                Arrays.stream(firstWrong).filter(i -> !wrongBySecond[i]).toArray(),
                Arrays.stream(secondWrong).filter(i -> !wrongByFirst[i]).toArray());
    }

    /** How many images the first gets wrong. */
    public int firstMistakes() {
        return shared.length + onlyFirst.length;
    }

    /** How many images the second gets wrong. */
    public int secondMistakes() {
        return shared.length + onlySecond.length;
    }
}
