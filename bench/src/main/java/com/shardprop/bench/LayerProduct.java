package com.shardprop.bench;

/**
 * The matrix products of one training step of the network 784-256-128-10, by layer, with their
 * shapes (m, n, k) for a batch of B rows and their cost of 2·m·n·k floating-point operations.
 * The error propagation {@code Δ_1 W_1} into the input layer is never computed.
 */
public enum LayerProduct {
    /** {@code Z_1 = A_0 W_1ᵀ}: multTransB, B×256 from B×784 and 256×784. */
    FORWARD_1(Kind.MULT_TRANS_B, 784, 256),
    FORWARD_2(Kind.MULT_TRANS_B, 256, 128),
    FORWARD_3(Kind.MULT_TRANS_B, 128, 10),
    /** {@code dW_1 = Δ_1ᵀ A_0}: multTransA, 256×784 from B×256 and B×784. */
    WEIGHT_GRADIENT_1(Kind.MULT_TRANS_A, 784, 256),
    WEIGHT_GRADIENT_2(Kind.MULT_TRANS_A, 256, 128),
    WEIGHT_GRADIENT_3(Kind.MULT_TRANS_A, 128, 10),
    /** {@code Δ_2 W_2}: mult, B×256 from B×128 and 128×256. */
    ERROR_2(Kind.MULT, 256, 128),
    ERROR_3(Kind.MULT, 128, 10);

    public enum Kind { MULT_TRANS_B, MULT_TRANS_A, MULT }

    final Kind kind;
    /** Layer input width (columns of W). */
    final int in;
    /** Layer output width (rows of W). */
    final int out;

    LayerProduct(Kind kind, int in, int out) {
        this.kind = kind;
        this.in = in;
        this.out = out;
    }

    /** Rows of C. */
    int m(int batch) {
        return kind == Kind.MULT_TRANS_A ? out : batch;
    }

    /** Columns of C. */
    int n(int batch) {
        switch (kind) {
            case MULT_TRANS_B:
                return out;
            default:
                return in;
        }
    }

    /** Inner dimension. */
    int k(int batch) {
        switch (kind) {
            case MULT_TRANS_B:
                return in;
            case MULT_TRANS_A:
                return batch;
            default:
                return out;
        }
    }

    /** Floating-point operations of one product: 2·m·n·k. */
    double flops(int batch) {
        return 2.0 * m(batch) * n(batch) * k(batch);
    }
}
