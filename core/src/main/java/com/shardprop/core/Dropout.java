package com.shardprop.core;

/**
 * Inverted dropout masks that are a pure function of (dropout seed, row id, layer, unit). A
 * kept unit's activation is scaled by {@code 1 / (1 − p)} during training, so inference uses
 * the weights unchanged. Because no random stream is consumed in row order, any split of the
 * rows into partitions, sub-batches or retries draws the same mask for the same row.
 */
public final class Dropout {

    private Dropout() {
    }

    /** Returns the per-row key of the mask for one layer; pass it to {@link #keeps}. */
    public static long rowKey(long dropoutSeed, long rowId, int layer) {
        return Seeds.derive(dropoutSeed, rowId, layer);
    }

    /** Returns whether unit {@code unit} survives in the row with key {@code rowKey}, each unit dropped with probability {@code rate}. */
    public static boolean keeps(long rowKey, int unit, double rate) {
        return Seeds.unitInterval(Seeds.mix64(rowKey + (unit + 1) * 0x9E3779B97F4A7C15L)) >= rate;
    }
}
