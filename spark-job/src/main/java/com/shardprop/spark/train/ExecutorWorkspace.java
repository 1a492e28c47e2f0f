package com.shardprop.spark.train;

import com.shardprop.core.Backprop;
import com.shardprop.core.NetworkSpec;

/**
 * The reusable work buffers of one executor task thread: a {@link Backprop} for one network and
 * sub-batch size, and scratch arrays for row orders and row ids.
 *
 * <p>Thread safety: {@link Backprop} is not thread-safe, so each task thread owns its workspace
 * through a {@link ThreadLocal}. Spark runs tasks on a pool of long-lived threads, so each thread
 * allocates its buffers once per network and then reuses them every step; a thread that meets a
 * different network or sub-batch size replaces its workspace. The cache holds work buffers only,
 * never results, so no state leaks from one step into the next.
 */
final class ExecutorWorkspace {

    /** Rows per forward/backward sub-batch: large enough for efficient products, small enough to bound buffers. */
    static final int SUB_BATCH_ROWS = 256;

    private static final ThreadLocal<ExecutorWorkspace> CURRENT = new ThreadLocal<>();

    private final NetworkSpec spec;
    private final Backprop backprop;
    private int[] rowOrder = new int[0];
    private long[] rowIds = new long[0];

    private ExecutorWorkspace(NetworkSpec spec) {
        this.spec = spec;
        this.backprop = new Backprop(spec, SUB_BATCH_ROWS);
    }

    /** Returns the calling thread's workspace for {@code spec}, creating it on first use. */
    static ExecutorWorkspace forThread(NetworkSpec spec) {
        ExecutorWorkspace workspace = CURRENT.get();
        if (workspace == null || !workspace.spec.equals(spec)) {
            workspace = new ExecutorWorkspace(spec);
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
