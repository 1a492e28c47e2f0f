package com.shardprop.core.kernel;

/** The three products of {@link MatrixKernel}, for tests that cover each in turn. */
enum Product {
    MULT_TRANS_B, MULT_TRANS_A, MULT
}
