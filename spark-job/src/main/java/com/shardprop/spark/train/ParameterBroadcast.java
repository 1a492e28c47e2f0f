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
     * Destroys {@code broadcast} on the driver and every executor. With {@code wait}, returns only
     * once they have removed it; without, the removal runs in the background. {@code
     * destroy(boolean)} is {@code private[spark]} in Scala but public in the bytecode.
     *
     * <p>NOTE: in one run of BroadcastLifecycleTest (500 tiny steps, local[2], a shared 2-core
     * machine) waiting on every release took 49 s against 17 s without waiting; the machine was
     * noisy, so the figure is rough. The trainer therefore waits only every
     * {@link #WAIT_EVERY_STEPS} steps and after the last step.
     */
    static void release(Broadcast<Parameters> broadcast, boolean wait) {
        broadcast.destroy(wait);
    }

    /** Steps between releases that wait for the executors, which bounds the removals in flight. */
    static final int WAIT_EVERY_STEPS = 64;
}
