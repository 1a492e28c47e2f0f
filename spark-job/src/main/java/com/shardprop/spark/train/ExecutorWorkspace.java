package com.shardprop.spark.train;

import com.shardprop.core.Backprop;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.Precision;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reusable work buffers of one executor task thread: a {@link Backprop} for one network and
 * sub-batch size, kernel and precision, and scratch arrays for row orders and row ids.
 *
 * <p>Thread safety: {@link Backprop} is not thread-safe, so each task thread owns its workspace
 * through a {@link ThreadLocal}. Spark runs tasks on a pool of long-lived threads, so each thread
 * allocates its buffers once per network and then reuses them every step; a thread that meets a
 * different network, kernel or precision replaces its workspace. The cache holds work buffers only,
 * never results, so no state leaks from one step into the next.
 */
final class ExecutorWorkspace {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorWorkspace.class);
    private static final ThreadLocal<ExecutorWorkspace> CURRENT = new ThreadLocal<>();
    /** The (kernel, precision) pairs already logged in this JVM, so each is logged once, not per task thread. */
    private static final Set<String> LOGGED_CHOICES = ConcurrentHashMap.newKeySet();

    private final NetworkSpec spec;
    /** The requested kernel name, or null for the fastest one. */
    private final String kernel;
    private final Precision precision;
    private final Backprop backprop;
    private int[] rowOrder = new int[0];
    private long[] rowIds = new long[0];

    private ExecutorWorkspace(NetworkSpec spec, String kernel, Precision precision) {
        this.spec = spec;
        this.kernel = kernel;
        this.precision = precision;
        this.backprop = Backprop.create(spec, SparkTrainer.SUB_BATCH_ROWS, precision, kernel);
        String choice = backprop.kernelName() + " in " + precision + " precision";
        if (LOGGED_CHOICES.add(choice)) {
            LOG.info("Executor matrix products run on the {} ({})", choice,
                    kernel == null ? "fastest kernel of this JVM" : "set by --kernel");
        }
    }

    /**
     * Returns the calling thread's workspace for {@code spec}, creating it on first use.
     *
     * @param kernel    the kernel name, or null for the fastest kernel of this JVM
     * @param precision the precision of the matrix products
     */
    static ExecutorWorkspace forThread(NetworkSpec spec, String kernel, Precision precision) {
        ExecutorWorkspace workspace = CURRENT.get();
        if (workspace == null || !workspace.spec.equals(spec) || !Objects.equals(workspace.kernel, kernel)
                || workspace.precision != precision) {
            workspace = new ExecutorWorkspace(spec, kernel, precision);
            CURRENT.set(workspace);
        }
        return workspace;
    }

    Backprop backprop() {
        return backprop;
    }

    /** Returns a buffer of at least {@code rows} row indices; the content is overwritten by the caller. */
    int[] rowOrder(int rows) {
        if (rowOrder.length < rows) {
            rowOrder = new int[rows];
        }
        return rowOrder;
    }

    /** Returns a buffer of at least {@code rows} row ids; the content is overwritten by the caller. */
    long[] rowIds(int rows) {
        if (rowIds.length < rows) {
            rowIds = new long[rows];
        }
        return rowIds;
    }
}
