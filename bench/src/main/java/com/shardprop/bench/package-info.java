/**
 * JMH benchmarks of the matrix kernels in {@code com.shardprop.core.kernel}. Build with
 * {@code mvn -B -pl core,bench -am package -DskipTests} and run the resulting
 * {@code bench/target/benchmarks.jar}; BENCHMARKS.md at the top of the repository records the
 * command and the results.
 */
package com.shardprop.bench;
