package com.shardprop.spark.train;

import com.shardprop.spark.data.DataBlock;
import java.util.Iterator;

/** Takes the one {@link DataBlock} that each partition of a packed data set holds. */
final class SingleBlock {

    private SingleBlock() {
    }

    /**
     * Returns the partition's only block, or an empty block if the partition has none.
     *
     * @throws IllegalStateException if the partition holds more than one block
     */
    static DataBlock of(Iterator<DataBlock> blocks, int partition) {
        if (!blocks.hasNext()) {
            return DataBlock.empty(0, 0);
        }
        DataBlock block = blocks.next();
        if (blocks.hasNext()) {
            throw new IllegalStateException("partition " + partition + " holds more than one data block; "
                    + "the training data must be packed into exactly one block per partition");
        }
        return block;
    }
}
