package com.shardprop.spark.cli;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.kernel.MatrixKernels;
import picocli.CommandLine.Option;

/** The {@code --kernel} option of train, evaluate and predict: the matrix kernel every executor uses. */
final class KernelOption {

    @Option(names = "--kernel", paramLabel = "NAME",
            description = "Matrix kernel of the layer products: ejml, netlib or vector (needs the JVM option"
                    + " --add-modules=jdk.incubator.vector). Default: the fastest in each executor's JVM, which is"
                    + " vector with that module and 256-bit or wider vectors, else netlib; the system property "
                    + MatrixKernels.PROPERTY + " overrides that default.")
    private String kernel;

    /**
     * Returns the normalized kernel name, or null when the option is absent so that each executor
     * takes its fastest kernel.
     *
     * @throws InvalidInputException for an unknown name, listing the valid ones, or for
     *                               {@code vector} in a JVM without {@code jdk.incubator.vector}
     */
    String validatedName() {
        return kernel == null ? null : MatrixKernels.byName(kernel).name();
    }
}
