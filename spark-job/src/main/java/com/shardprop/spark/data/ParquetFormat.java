package com.shardprop.spark.data;

import com.shardprop.core.InvalidInputException;
import com.shardprop.spark.cli.DataOptions;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * Reads Parquet through Spark SQL in one of three layouts: numeric feature columns; one
 * {@code array<float|double>} feature column; or one vector column as Spark ML writes it. Spark ML
 * stores a vector as the struct {@code (type: tinyint, size: int, indices: array<int>, values:
 * array<double>)}, type 0 sparse (size, indices, values) and 1 dense (values only); without Spark
 * MLlib on the classpath Spark SQL reads that column back as the plain struct, which this reader
 * decodes. Labels may be any numeric type or numeric strings.
 */
final class ParquetFormat {

    private static final String FILE_COLUMN = "__shardprop_file";
    private static final String ROW_COLUMN = "__shardprop_row";

    private ParquetFormat() {
    }

    static JavaRDD<DataBlock> read(SparkSession spark, String path, DataOptions options, RowChecker checker) {
        Dataset<Row> data = spark.read().parquet(path);
        StructType schema = data.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        String source = "Parquet data " + path;

        List<String> labels = checker.role() == DataRole.PREDICTION ? List.of() : options.labelColumns();
        for (String label : labels) {
            requireColumn(names, label, "label", source);
        }
        List<String> features = options.featureColumns().isEmpty()
                ? names.stream().filter(name -> !options.labelColumns().contains(name)).toList()
                : options.featureColumns();
        for (String feature : features) {
            requireColumn(names, feature, "feature", source);
        }
        Layout layout = Layout.of(schema, features, labels, source);
        if (layout == Layout.COLUMNS && features.size() != checker.featureWidth()) {
            throw new InvalidInputException(source + " has " + features.size() + " feature columns, but the model's"
                    + " input layer has " + checker.featureWidth() + ". Fix: " + (checker.role() == DataRole.TRAINING
                    ? "set the input width (first number of --layers) to " + features.size()
                    : "score data with the feature columns the model was trained on") + ", or choose columns with"
                    + " --features.");
        }
        int labelWidth = labelWidth(schema, labels);
        if (checker.role() != DataRole.PREDICTION && labelWidth != checker.targetWidth()) {
            throw new InvalidInputException(source + ": --label " + labels + " gives " + labelWidth + " target"
                    + " value(s) per row, but the output layer takes " + checker.targetWidth() + ". Fix: name "
                    + checker.targetWidth() + " label column(s), or change the output layer in --layers.");
        }

        List<Column> selected = new ArrayList<>();
        selected.add(col("_metadata.file_path").as(FILE_COLUMN));
        selected.add(col("_metadata.row_index").as(ROW_COLUMN));
        for (String label : labels) {
            selected.add(col(quote(label)));
        }
        for (String feature : features) {
            selected.add(col(quote(feature)));
        }
        RowParser parser = new RowParser(layout, labels.toArray(String[]::new), features.toArray(String[]::new),
                checker);
        return data.select(selected.toArray(Column[]::new)).javaRDD().mapPartitions(parser::parse);
    }

    private static void requireColumn(List<String> names, String name, String role, String source) {
        if (!names.contains(name)) {
            throw new InvalidInputException(source + " has no " + role + " column '" + name + "'; its columns are "
                    + names + ". Fix: pass --" + (role.equals("label") ? "label" : "features")
                    + " with existing column names.");
        }
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** Returns the number of target values the label columns give per row (an array label counts its length later). */
    private static int labelWidth(StructType schema, List<String> labels) {
        if (labels.size() == 1 && schema.apply(labels.get(0)).dataType() instanceof ArrayType) {
            return -1; // checked per row, because an array's length is not in the schema
        }
        for (String label : labels) {
            DataType type = schema.apply(label).dataType();
            if (!(type instanceof NumericType) && !(type instanceof StringType)) {
                throw new InvalidInputException("Label column '" + label + "' has type " + type.simpleString()
                        + ": expected a number or a numeric string. Fix: cast the labels to int or double.");
            }
        }
        return labels.size();
    }

    /** How the feature columns encode one row. */
    enum Layout {
        /** One numeric column per feature. */
        COLUMNS,
        /** One {@code array<float|double>} column. */
        ARRAY,
        /** One Spark ML vector struct column. */
        VECTOR;

        static Layout of(StructType schema, List<String> features, List<String> labels, String source) {
            if (features.size() == 1) {
                DataType type = schema.apply(features.get(0)).dataType();
                if (type instanceof ArrayType array && array.elementType() instanceof NumericType) {
                    return ARRAY;
                }
                if (type instanceof StructType struct && isVectorStruct(struct)) {
                    return VECTOR;
                }
            }
            for (String feature : features) {
                DataType type = schema.apply(feature).dataType();
                if (!(type instanceof NumericType)) {
                    throw new InvalidInputException(source + ": feature column '" + feature + "' has type "
                            + type.simpleString() + ", expected a numeric type (or, alone, array<float|double> or a"
                            + " Spark ML vector). Fix: choose numeric columns with --features, or name the label"
                            + " column with --label" + (labels.isEmpty() ? "" : " (now " + labels + ")") + ".");
                }
            }
            return COLUMNS;
        }

        private static boolean isVectorStruct(StructType struct) {
            List<String> fields = Arrays.stream(struct.fields()).map(StructField::name).toList();
            return fields.equals(List.of("type", "size", "indices", "values"));
        }
    }
}
