package com.shardprop.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.shardprop.core.EvaluationSum;
import com.shardprop.core.GradientSum;
import com.shardprop.core.Loss;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.Parameters;
import com.shardprop.spark.data.DataBlock;
import com.shardprop.spark.data.DataBlockSerializer;
import com.shardprop.spark.data.SparkSqlKryoClasses;
import java.util.Map;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.serializer.KryoSerializer;

/**
 * Registers with Kryo every class that Shardprop sends between the driver and the executors:
 * broadcast parameters, gradient and evaluation sums returned by tasks, and cached data blocks.
 *
 * <p>Registration keeps each record small (a class id in place of the class name) and, with
 * {@code spark.kryo.registrationRequired=true} as in the tests, turns a forgotten class into an
 * immediate error. {@link Parameters} and {@link GradientSum} have custom serializers that write
 * the network in its text form and the flat buffer as raw 8-byte doubles, so a 235,146-parameter
 * network costs 1.9 MB on the wire and no per-element framing.
 */
public final class ShardpropKryoRegistrator implements KryoRegistrator {

    /**
     * Returns the Spark settings that select Kryo with this registrator. Callers may add
     * {@code spark.kryo.registrationRequired=true} to catch unregistered classes.
     */
    public static Map<String, String> sparkSettings() {
        return Map.of(
                "spark.serializer", KryoSerializer.class.getName(),
                "spark.kryo.registrator", ShardpropKryoRegistrator.class.getName());
    }

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(double[].class);
        kryo.register(long[].class);
        kryo.register(int[].class);
        kryo.register(Parameters.class, new ParametersSerializer());
        kryo.register(GradientSum.class, new GradientSumSerializer());
        // Small: a k×k confusion matrix and a few counters, so the default field serializer does.
        kryo.register(EvaluationSum.class);
        kryo.register(Loss.class);
        kryo.register(DataBlock.class, new DataBlockSerializer());
        kryo.register(long[][].class);
        SparkSqlKryoClasses.register(kryo);
    }

    /** Writes the network's text form, then the parameter buffer as raw doubles. */
    static final class ParametersSerializer extends Serializer<Parameters> {

        ParametersSerializer() {
            setImmutable(false);
        }

        @Override
        public void write(Kryo kryo, Output output, Parameters parameters) {
            output.writeString(parameters.spec().toString());
            writeDoubles(output, parameters.values());
        }

        @Override
        public Parameters read(Kryo kryo, Input input, Class<Parameters> type) {
            NetworkSpec spec = NetworkSpec.parse(input.readString());
            return new Parameters(spec, readDoubles(input));
        }
    }

    /** Writes the example count and loss sum, then the gradient buffer as raw doubles. */
    static final class GradientSumSerializer extends Serializer<GradientSum> {

        @Override
        public void write(Kryo kryo, Output output, GradientSum sum) {
            output.writeLong(sum.count());
            output.writeDouble(sum.lossSum());
            writeDoubles(output, sum.values());
        }

        @Override
        public GradientSum read(Kryo kryo, Input input, Class<GradientSum> type) {
            long count = input.readLong();
            double lossSum = input.readDouble();
            return new GradientSum(readDoubles(input), count, lossSum);
        }
    }

    private static void writeDoubles(Output output, double[] values) {
        output.writeInt(values.length);
        output.writeDoubles(values);
    }

    private static double[] readDoubles(Input input) {
        int length = input.readInt();
        return input.readDoubles(length);
    }
}
