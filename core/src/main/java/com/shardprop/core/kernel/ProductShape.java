package com.shardprop.core.kernel;

/**
 * Argument checks shared by the kernels, so that every implementation rejects the same bad
 * call with the same message instead of failing deep inside a library or, worse, reading a
 * neighbouring layer's weights.
 */
final class ProductShape {

    private ProductShape() {
    }

    /**
     * Checks that m, n, k are non-negative and that each operand region lies inside its array.
     *
     * @param product the product's name for the message, such as {@code "multTransB"}
     * @param aLength length of the array holding A; {@code bLength}, {@code cLength} likewise
     * @throws IllegalArgumentException if a dimension is negative
     * @throws IndexOutOfBoundsException if an operand region leaves its array
     */
    static void check(String product, int m, int n, int k,
                      int aLength, int aOffset, int bLength, int bOffset,
                      int cLength, int cOffset) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(product + ": dimensions must be >= 0, found m=" + m
                    + ", n=" + n + ", k=" + k);
        }
        checkRegion(product, "A", aLength, aOffset, (long) m * k);
        checkRegion(product, "B", bLength, bOffset, (long) k * n);
        checkRegion(product, "C", cLength, cOffset, (long) m * n);
    }

    private static void checkRegion(String product, String operand, int length, int offset,
                                    long size) {
        if (offset < 0 || offset + size > length) {
            throw new IndexOutOfBoundsException(product + ": operand " + operand + " needs "
                    + size + " elements from offset " + offset + ", but its array has length "
                    + length + "; check the layer's shape and offset in the parameter buffer");
        }
    }
}
