package com.shardprop.spark.train;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.InvalidInputException;
import com.shardprop.core.Parameters;
import com.shardprop.spark.data.DataBlock;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** Evaluates a network on a distributed data set: each partition sums its metrics and a tree aggregation merges them. */
public final class DistributedEvaluation {

    private DistributedEvaluation() {
    }

    /** Evaluates as {@link #evaluate(JavaRDD, Parameters, int, String)} with each executor's fastest kernel. */
    public static EvaluationSum evaluate(JavaRDD<DataBlock> blocks, Parameters parameters, int aggregationDepth) {
        return evaluate(blocks, parameters, aggregationDepth, null);
    }

    /**
     * Returns the evaluation counts of {@code parameters} over every row of {@code blocks}, computed in double.
     *
     * @param aggregationDepth {@code treeAggregate} depth, or 0 to choose it from the partition count
     * @param kernel           a valid matrix kernel name, or null for each executor's fastest kernel
     * @throws InvalidInputException if a task rejects a target, unwrapped from Spark's task failure
     */
    public static EvaluationSum evaluate(JavaRDD<DataBlock> blocks, Parameters parameters, int aggregationDepth,
            String kernel) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(blocks.context());
        int depth = aggregationDepth > 0 ? aggregationDepth : Sums.defaultAggregationDepth(blocks.getNumPartitions());
        Broadcast<Parameters> broadcast = ParameterBroadcast.send(context, parameters);
        try {
            // Sums in partition-index order, so the loss sum does not depend on task completion order.
            EvaluationSum sum = OrderedTreeAggregation.reduce(blocks.mapPartitions(new EvaluationTask(broadcast, kernel)),
                    Sums::mergeEvaluations, new AggregationTree(blocks.getNumPartitions(), depth));
            return sum != null ? sum : new EvaluationSum(parameters.spec());
        } catch (Exception e) {
            throw SparkFailures.unwrap(e);
        } finally {
            ParameterBroadcast.release(broadcast, true);
        }
    }
}
