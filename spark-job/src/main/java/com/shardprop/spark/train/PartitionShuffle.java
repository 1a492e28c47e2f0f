package com.shardprop.spark.train;

import com.shardprop.core.ReferenceTrainer;
import com.shardprop.core.Seeds;
import java.util.SplittableRandom;

/**
 * The per-epoch order in which a partition visits its rows: a Fisher–Yates permutation seeded by
 * (run seed, epoch, partition index), so every retry of a task, on any executor, sees the same
 * order.
 */
final class PartitionShuffle {

    private PartitionShuffle() {
    }

    /**
     * Writes a permutation of {@code 0..rows-1} into {@code order[0..rows)}.
     *
     * @param order modified: its first {@code rows} entries are overwritten
     */
    static void permute(int[] order, int rows, long seed, int epoch, int partition) {
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, ReferenceTrainer.SHUFFLE_SALT, epoch, partition));
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
