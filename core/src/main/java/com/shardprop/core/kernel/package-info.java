/**
 * Dense matrix products for the forward and backward pass, behind {@link
 * com.shardprop.core.kernel.MatrixKernel} ({@code double}) and {@link
 * com.shardprop.core.kernel.FloatMatrixKernel} ({@code float}).
 *
 * <p>Three implementations per precision: EJML (the portable reference), netlib's Java BLAS
 * ({@code dev.ludovic.netlib:blas}, pure Java), and a cache- and register-blocked product on
 * the Java Vector API, which needs the JVM option {@code --add-modules=jdk.incubator.vector}.
 * {@link com.shardprop.core.kernel.MatrixKernels} picks one by a fixed rule, or by name for
 * the {@code --kernel} option and the {@code shardprop.kernel} system property. Only the
 * classes named {@code Vector*} touch {@code jdk.incubator.vector}, and they are loaded only
 * when that module is present.
 */
package com.shardprop.core.kernel;
