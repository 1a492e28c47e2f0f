package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Parameters;
import com.shardprop.core.Precision;
import com.shardprop.spark.data.DataBlock;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of an evaluation: a partition's loss, decisions and errors under the
 * broadcast parameters. It always runs in double precision, so reported metrics do not depend
 * on the training precision.
 */
final class EvaluationTask implements FlatMapFunction<Iterator<DataBlock>, EvaluationSum> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<Parameters> parameters;
    /** The matrix kernel name, or null for the fastest kernel of the executor's JVM. */
    private final String kernel;

    EvaluationTask(Broadcast<Parameters> parameters, String kernel) {
        this.parameters = parameters;
        this.kernel = kernel;
    }

    @Override
    public Iterator<EvaluationSum> call(Iterator<DataBlock> blocks) {
        Parameters current = parameters.value();
        ExecutorWorkspace workspace = ExecutorWorkspace.forThread(current.spec(), kernel, Precision.DOUBLE);
        EvaluationSum sum = new EvaluationSum(current.spec());
        while (blocks.hasNext()) {
            DataBlock block = blocks.next();
            workspace.backprop().evaluate(current, block.features(), block.targets(), block.rows(), sum);
        }
        return Collections.singletonList(sum).iterator();
    }
}
