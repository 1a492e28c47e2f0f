package com.shardprop.spark.train;

import com.shardprop.core.Parameters;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** Ships parameters to the executors for one step and releases them afterwards. */
final class ParameterBroadcast {

    private ParameterBroadcast() {
    }

    /**
     * Broadcasts a copy of {@code parameters}. The copy matters in local mode, where tasks read
     * the driver's object itself: the driver may update its buffer while a retried task still runs.
     */
    static Broadcast<Parameters> send(JavaSparkContext context, Parameters parameters) {
        return context.broadcast(parameters.copy());
    }

    /**
     * Destroys {@code broadcast} on the driver and every executor and waits until they have
     * removed it, so that memory stays flat over thousands of steps. {@code destroy(boolean)} is
     * {@code private[spark]} in Scala but public in the bytecode; the no-argument
     * {@code destroy()} would return before the executors remove their copies.
     */
    static void release(Broadcast<Parameters> broadcast) {
        broadcast.destroy(true);
    }
}
