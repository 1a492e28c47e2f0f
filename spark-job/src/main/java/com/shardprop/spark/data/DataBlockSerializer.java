package com.shardprop.spark.data;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

/**
 * Kryo serializer of {@link DataBlock}: four ints, then the feature and target arrays as raw
 * 8-byte doubles, with no per-element tags, so a block costs about {@code 8 × values} bytes on the
 * wire and in serialized caches.
 */
public final class DataBlockSerializer extends Serializer<DataBlock> {

    public DataBlockSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, DataBlock block) {
        output.writeInt(block.rows());
        output.writeInt(block.featureWidth());
        output.writeInt(block.targetWidth());
        output.writeInt(block.sourceWidth());
        output.writeDoubles(block.features());
        output.writeDoubles(block.targets());
    }

    @Override
    public DataBlock read(Kryo kryo, Input input, Class<DataBlock> type) {
        int rows = input.readInt();
        int featureWidth = input.readInt();
        int targetWidth = input.readInt();
        int sourceWidth = input.readInt();
        double[] features = input.readDoubles(rows * featureWidth);
        double[] targets = input.readDoubles(rows * targetWidth);
        return new DataBlock(rows, featureWidth, targetWidth, sourceWidth, features, targets);
    }
}
