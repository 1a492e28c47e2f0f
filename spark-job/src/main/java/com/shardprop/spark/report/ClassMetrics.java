package com.shardprop.spark.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Precision, recall and F1 of one class, computed from the confusion matrix of an evaluation.
 *
 * <p>precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2·precision·recall /
 * (precision + recall), as {@code EvaluationSum} in core computes them. A ratio whose denominator
 * is 0 (a class never predicted, or absent from the data) is {@code null}, written as JSON
 * {@code null}.
 *
 * @param label class index, the row and column of the confusion matrix
 * @param support examples whose true class is {@code label} (TP + FN)
 */
public record ClassMetrics(
        @JsonProperty("class") int label,
        @JsonProperty("precision") Double precision,
        @JsonProperty("recall") Double recall,
        @JsonProperty("f1") Double f1,
        @JsonProperty("support") long support) {}
