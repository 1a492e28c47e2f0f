package com.shardprop.spark.data;

import com.shardprop.core.InvalidInputException;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;

/**
 * Packs Spark SQL rows selected by {@link ParquetFormat} into one block per partition; runs on
 * executors. Row layout: file path, row index within the file, the label columns, then the feature
 * columns.
 */
final class RowParser implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int FIRST_VALUE = 2;
    private static final byte SPARSE = 0;
    private static final byte DENSE = 1;

    private final ParquetFormat.Layout layout;
    private final String[] labels;
    private final String[] features;
    private final RowChecker checker;

    RowParser(ParquetFormat.Layout layout, String[] labels, String[] features, RowChecker checker) {
        this.layout = layout;
        this.labels = labels;
        this.features = features;
        this.checker = checker;
    }

    Iterator<DataBlock> parse(Iterator<Row> rows) {
        RowLocation where = new RowLocation();
        BlockBuilder out = new BlockBuilder(checker.featureWidth(), checker.targetWidth());
        while (rows.hasNext()) {
            Row row = rows.next();
            where.set(row.getString(0), row.isNullAt(1) ? -1 : row.getLong(1));
            int index = out.nextRow();
            readTargets(row, out.targets(), index * checker.targetWidth(), where);
            int base = index * checker.featureWidth();
            int labelColumns = labels.length;
            switch (layout) {
                case COLUMNS -> {
                    for (int f = 0; f < features.length; f++) {
                        double value = number(row, FIRST_VALUE + labelColumns + f, features[f], where);
                        checker.checkFeature(value, features[f], where);
                        out.features()[base + f] = value;
                    }
                    out.noteSourceWidth(features.length);
                }
                case ARRAY -> out.noteSourceWidth(readArray(row, FIRST_VALUE + labelColumns, out.features(), base, where));
                case VECTOR -> out.noteSourceWidth(readVector(row, FIRST_VALUE + labelColumns, out.features(), base,
                        where));
                default -> throw new IllegalStateException("unknown layout " + layout);
            }
        }
        return List.of(out.build()).iterator();
    }

    private void readTargets(Row row, double[] targets, int at, RowLocation where) {
        if (checker.targetWidth() == 0) {
            return;
        }
        if (labels.length == 1 && !row.isNullAt(FIRST_VALUE) && row.get(FIRST_VALUE) instanceof scala.collection.Seq) {
            List<Object> values = row.getList(FIRST_VALUE);
            if (values.size() != checker.targetWidth()) {
                throw new InvalidInputException("Label array in " + where.describe() + ", column " + labels[0] + " has "
                        + values.size() + " values, but the output layer takes " + checker.targetWidth()
                        + ". Fix: give every row " + checker.targetWidth() + " target values.");
            }
            for (int t = 0; t < values.size(); t++) {
                double value = toDouble(values.get(t), labels[0] + "[" + t + "]", where);
                targets[at + t] = checker.checkLabel(value, labels[0] + "[" + t + "]", where);
            }
            return;
        }
        for (int t = 0; t < labels.length; t++) {
            double value = number(row, FIRST_VALUE + t, labels[t], where);
            targets[at + t] = checker.checkLabel(value, labels[t], where);
        }
    }

    private int readArray(Row row, int position, double[] features, int base, RowLocation where) {
        String column = this.features[0];
        if (row.isNullAt(position)) {
            throw missing(column, where);
        }
        List<Object> values = row.getList(position);
        checker.checkWidth(values.size(), false, where, ", or give every array " + checker.featureWidth() + " values");
        for (int f = 0; f < values.size(); f++) {
            double value = toDouble(values.get(f), column + "[" + f + "]", where);
            checker.checkFeature(value, column + "[" + f + "]", where);
            features[base + f] = value;
        }
        return values.size();
    }

    private int readVector(Row row, int position, double[] features, int base, RowLocation where) {
        String column = this.features[0];
        if (row.isNullAt(position)) {
            throw missing(column, where);
        }
        Row vector = row.getStruct(position);
        byte type = vector.getByte(0);
        List<Object> values = vector.isNullAt(3) ? List.of() : vector.getList(3);
        if (type == DENSE) {
            checker.checkWidth(values.size(), false, where, "");
            for (int f = 0; f < values.size(); f++) {
                double value = toDouble(values.get(f), column + "[" + f + "]", where);
                checker.checkFeature(value, column + "[" + f + "]", where);
                features[base + f] = value;
            }
            return values.size();
        }
        if (type != SPARSE || vector.isNullAt(1) || vector.isNullAt(2)) {
            throw new InvalidInputException("Vector in " + where.describe() + ", column " + column + " has type " + type
                    + (type == SPARSE ? " without size or indices" : "") + ": expected a Spark ML vector (type 0 sparse"
                    + " with size and indices, or 1 dense). Fix: write the column with Spark ML's VectorAssembler or"
                    + " Vectors.dense/sparse.");
        }
        int size = vector.getInt(1);
        checker.checkWidth(size, false, where, "");
        List<Object> indices = vector.getList(2);
        if (indices.size() != values.size()) {
            throw new InvalidInputException("Sparse vector in " + where.describe() + ", column " + column + " has "
                    + indices.size() + " indices but " + values.size() + " values. Fix: rewrite the column.");
        }
        for (int k = 0; k < indices.size(); k++) {
            int index = ((Number) indices.get(k)).intValue();
            if (index < 0 || index >= size) {
                throw new InvalidInputException("Sparse vector in " + where.describe() + ", column " + column
                        + " has index " + index + " outside 0…" + (size - 1) + ". Fix: rewrite the column.");
            }
            double value = toDouble(values.get(k), column + "[" + index + "]", where);
            checker.checkFeature(value, column + "[" + index + "]", where);
            features[base + index] = value;
        }
        return size;
    }

    private double number(Row row, int position, String column, RowLocation where) {
        if (row.isNullAt(position)) {
            throw missing(column, where);
        }
        return toDouble(row.get(position), column, where);
    }

    private double toDouble(Object value, String column, RowLocation where) {
        if (value == null) {
            throw missing(column, where);
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        return checker.parse(value.toString(), column, where);
    }

    private static InvalidInputException missing(String column, RowLocation where) {
        return new InvalidInputException("Missing value in " + where.describe() + ", column " + column
                + ": expected a number, found null. Fix: fill in or drop rows with missing values.");
    }
}
