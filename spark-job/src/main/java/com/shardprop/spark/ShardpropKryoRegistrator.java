package com.shardprop.spark;

import com.esotericsoftware.kryo.Kryo;
import java.util.Map;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.serializer.KryoSerializer;

/**
 * Registers with Kryo every class that Shardprop sends between the driver and the executors:
 * broadcast parameters, gradient and evaluation sums returned by tasks, and cached data blocks.
 *
 * <p>Registration keeps each record small (a class id in place of the class name) and, with
 * {@code spark.kryo.registrationRequired=true} as in the tests, turns a forgotten class into an
 * immediate error.
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
        registerPrimitiveArrays(kryo);
    }

    /** Registers the primitive arrays that tasks return and broadcasts carry. */
    private static void registerPrimitiveArrays(Kryo kryo) {
        kryo.register(double[].class);
        kryo.register(long[].class);
        kryo.register(int[].class);
    }
}
