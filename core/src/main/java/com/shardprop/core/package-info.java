/**
 * The backprop core: network specification, batched forward and backward passes, parameter and
 * gradient buffers, initializers, optimizers, learning-rate schedules, evaluation, the model
 * file format and a single-process reference trainer. No Spark: the Spark trainer calls this
 * package for every piece of math.
 *
 * <p>Conventions used throughout: one example per row of a row-major {@code double[]}; layers
 * numbered from 1 in messages and from 0 in method arguments; gradients and losses are sums over
 * examples with a count, and the caller divides once by the total count before the optimizer
 * update; mean squared error is {@code L = ½ Σ_k (ŷ_k − y_k)²} per example.
 */
package com.shardprop.core;
