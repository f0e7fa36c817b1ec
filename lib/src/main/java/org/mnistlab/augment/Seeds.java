package org.mnistlab.augment;

/**
 * Derives independent random seeds from a user seed, an epoch and a sample index.
 *
 * <p>Every sample gets its own generator seeded from {@code (seed, epoch, sample)}, so an augmented epoch is the same
 * whatever the thread scheduling, the batch size or the order in which samples are visited. The mixing function is
 * the SplitMix64 finaliser, a bijection with good avalanche, so neighbouring indices give unrelated seeds.
 *
 * <pre>{@code new SplittableRandom(Seeds.forSample(42, epoch, index))}</pre>
 */
public final class Seeds {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    // Distinct streams so the shuffle order and the augmentation draws never share a seed.
    private static final long STREAM_SAMPLE = 0x5A4D504C45L;
    private static final long STREAM_SHUFFLE = 0x5348554646L;

    private Seeds() {
    }

    /** SplitMix64 finaliser: a bijective 64-bit mix. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Seed for augmenting sample {@code sample} (its index in the dataset) in epoch {@code epoch}. */
    public static long forSample(long seed, int epoch, int sample) {
        return combine(combine(combine(mix(seed), STREAM_SAMPLE), epoch), sample);
    }

    /** Seed for the shuffle order of epoch {@code epoch}. */
    public static long forShuffle(long seed, int epoch) {
        return combine(combine(mix(seed), STREAM_SHUFFLE), epoch);
    }

    private static long combine(long hash, long value) {
        return mix(hash ^ mix(value + GOLDEN_GAMMA));
    }
}
