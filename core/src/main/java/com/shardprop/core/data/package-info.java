/**
 * Readers of training data files that need no Spark: IDX (MNIST-style) images and labels, plain
 * or gzip. The Spark loader in {@code shardprop-spark-job} reuses them on executors.
 */
package com.shardprop.core.data;
