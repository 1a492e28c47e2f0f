package com.shardprop.core;

/**
 * Derivation of independent 64-bit seeds from a run seed and a few integers (epoch, partition,
 * step, layer, row id). Every random choice in Shardprop is a pure function of such a derived
 * seed, so a computation gives the same result wherever and however often it runs.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /**
     * Returns a seed derived from {@code seed} and {@code salts}: the SplitMix64 finalizer
     * applied after folding in each salt. Different salt sequences give unrelated seeds.
     */
    public static long derive(long seed, long... salts) {
        long state = mix64(seed);
        for (long salt : salts) {
            state = mix64(state + GOLDEN_GAMMA + mix64(salt));
        }
        return state;
    }

    /** Returns the SplitMix64 finalizer of {@code z} (Steele, Lea and Flood, OOPSLA 2014): a bijection with strong avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Returns a uniform double in [0, 1) made from the top 53 bits of {@code bits}. */
    public static double unitInterval(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
