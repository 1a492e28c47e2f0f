package com.shardprop.spark.cli;

import com.shardprop.core.Backprop;
import com.shardprop.core.Loss;
import com.shardprop.core.NetworkSpec;
import com.shardprop.core.Parameters;
import com.shardprop.core.Precision;
import com.shardprop.spark.data.DataBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The executor side of {@code predict}: turns a partition's block into one output row per input
 * row. Columns, in order:
 *
 * <ul>
 *   <li>{@code row_id} (long): the row's 0-based position in the input as loaded, counting the
 *       partitions in order;</li>
 *   <li>{@code label}: the row's label as read (double, or array&lt;double&gt; for several targets),
 *       only when labels were loaded;</li>
 *   <li>{@code prediction}: the class index (int) for softmax and single-output sigmoid, the value
 *       (double) for single-output identity, absent for several sigmoid or identity outputs;</li>
 *   <li>{@code probability} (array&lt;double&gt;) for softmax and sigmoid output, {@code output}
 *       for identity output: the network's outputs.</li>
 * </ul>
 *
 * The blocks already carry the model's feature scaling (the loader applied it), so the forward
 * pass here runs on them as they are, without dropout.
 */
final class ScoringTask implements Function2<Integer, Iterator<DataBlock>, Iterator<Row>> {

    private static final long serialVersionUID = 1L;

    /** Rows per forward pass, which bounds the work buffers. */
    private static final int BATCH_ROWS = 256;

    private final Broadcast<Parameters> parameters;
    private final long[] firstRowIds;
    private final int labelWidth;
    /** The matrix kernel name, or null for the fastest kernel of the executor's JVM. */
    private final String kernel;

    /**
     * @param firstRowIds row id of each partition's first row
     * @param labelWidth  target values per row in the blocks: 0 when no labels were loaded
     * @param kernel      a valid matrix kernel name, or null for each executor's fastest kernel
     */
    ScoringTask(Broadcast<Parameters> parameters, long[] firstRowIds, int labelWidth, String kernel) {
        this.parameters = parameters;
        this.firstRowIds = firstRowIds.clone();
        this.labelWidth = labelWidth;
        this.kernel = kernel;
    }

    /** Returns the schema of the rows this task writes for {@code spec}. */
    static StructType schema(NetworkSpec spec, int labelWidth) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("row_id", DataTypes.LongType, false));
        if (labelWidth == 1) {
            fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
        } else if (labelWidth > 1) {
            fields.add(DataTypes.createStructField("label", doubles(), false));
        }
        DataType prediction = predictionType(spec);
        if (prediction != null) {
            fields.add(DataTypes.createStructField("prediction", prediction, false));
        }
        String outputs = spec.loss() == Loss.MEAN_SQUARED_ERROR ? "output" : "probability";
        fields.add(DataTypes.createStructField(outputs, doubles(), false));
        return DataTypes.createStructType(fields);
    }

    private static DataType doubles() {
        return DataTypes.createArrayType(DataTypes.DoubleType, false);
    }

    /** Returns the type of the prediction column, or null when the output has no single prediction. */
    private static DataType predictionType(NetworkSpec spec) {
        return switch (spec.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> DataTypes.IntegerType;
            case BINARY_CROSS_ENTROPY -> spec.outputWidth() == 1 ? DataTypes.IntegerType : null;
            case MEAN_SQUARED_ERROR -> spec.outputWidth() == 1 ? DataTypes.DoubleType : null;
        };
    }

    @Override
    public Iterator<Row> call(Integer partition, Iterator<DataBlock> blocks) {
        Parameters current = parameters.value();
        NetworkSpec spec = current.spec();
        Backprop backprop = Backprop.create(spec, BATCH_ROWS, Precision.DOUBLE, kernel);
        int inputWidth = spec.inputWidth();
        int outputWidth = spec.outputWidth();
        boolean hasPrediction = predictionType(spec) != null;

        // The rows of a partition are collected before they are returned: their outputs are far
        // smaller than the block's features, which this task already holds in memory.
        List<Row> rows = new ArrayList<>();
        long rowId = firstRowIds[partition];
        double[] outputs = new double[BATCH_ROWS * outputWidth];
        while (blocks.hasNext()) {
            DataBlock block = blocks.next();
            for (int from = 0; from < block.rows(); from += BATCH_ROWS) {
                int count = Math.min(BATCH_ROWS, block.rows() - from);
                double[] features = Arrays.copyOfRange(block.features(), from * inputWidth,
                        (from + count) * inputWidth);
                backprop.predict(current, features, count, outputs);

                for (int r = 0; r < count; r++) {
                    double[] output = Arrays.copyOfRange(outputs, r * outputWidth, (r + 1) * outputWidth);
                    List<Object> values = new ArrayList<>(4);
                    values.add(rowId++);
                    if (labelWidth > 0) {
                        values.add(label(block, from + r));
                    }
                    if (hasPrediction) {
                        values.add(prediction(spec, output));
                    }
                    values.add(output);
                    rows.add(RowFactory.create(values.toArray()));
                }
            }
        }
        return rows.iterator();
    }

    private Object label(DataBlock block, int row) {
        if (labelWidth == 1) {
            return block.targets()[row];
        }
        return Arrays.copyOfRange(block.targets(), row * labelWidth, (row + 1) * labelWidth);
    }

    /** Returns argmax for softmax, 1 when p ≥ 0.5 for one sigmoid output, the value for one identity output. */
    private static Object prediction(NetworkSpec spec, double[] output) {
        switch (spec.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> {
                int best = 0;
                for (int k = 1; k < output.length; k++) {
                    if (output[k] > output[best]) {
                        best = k;
                    }
                }
                return best;
            }
            case BINARY_CROSS_ENTROPY -> {
                return output[0] >= 0.5 ? 1 : 0;
            }
            default -> {
                return output[0];
            }
        }
    }
}
