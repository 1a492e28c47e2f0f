package com.shardprop.spark.data;

/** What a data set is loaded for; it decides which width and label checks apply. */
public enum DataRole {
    /** Training rows: labels required, width must equal the input layer, every class must occur. */
    TRAINING,
    /** Validation or test rows: labels required; narrower LIBSVM rows are padded with zeros. */
    EVALUATION,
    /** Rows to score: labels not read (target width 0); narrower LIBSVM rows are padded with zeros. */
    PREDICTION
}
