package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.Parameters;
import com.shardprop.spark.data.DataBlock;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/** The executor side of an evaluation: a partition's loss, decisions and errors under the broadcast parameters. */
final class EvaluationTask implements FlatMapFunction<Iterator<DataBlock>, EvaluationSum> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<Parameters> parameters;

    EvaluationTask(Broadcast<Parameters> parameters) {
        this.parameters = parameters;
    }

    @Override
    public Iterator<EvaluationSum> call(Iterator<DataBlock> blocks) {
        Parameters current = parameters.value();
        ExecutorWorkspace workspace = ExecutorWorkspace.forThread(current.spec());
        EvaluationSum sum = new EvaluationSum(current.spec());
        while (blocks.hasNext()) {
            DataBlock block = blocks.next();
            workspace.backprop().evaluate(current, block.features(), block.targets(), block.rows(), sum);
        }
        return Collections.singletonList(sum).iterator();
    }
}
