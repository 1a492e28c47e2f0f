package com.shardprop.spark.data;

import java.io.Serializable;

/**
 * Where the row being parsed came from, for error messages: a file and either a 1-based line
 * number (text formats) or a 0-based row index (Parquet, IDX). One instance per task is updated
 * row by row, so describing a location costs nothing until an error occurs.
 */
class RowLocation implements Serializable {

    private static final long serialVersionUID = 1L;

    private String file = "?";
    private long row = -1;

    /** Moves to row {@code row} (0-based) of {@code file}. */
    void set(String file, long row) {
        this.file = file;
        this.row = row;
    }

    String file() {
        return file;
    }

    /** Returns a description such as {@code file data.parquet, row 12}. */
    String describe() {
        return "file " + file + (row >= 0 ? ", row " + row : "");
    }
}
