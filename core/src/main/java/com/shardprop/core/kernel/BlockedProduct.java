package com.shardprop.core.kernel;

/**
 * The cache-blocked loop nest of a general matrix product {@code C = op(A)·op(B)}, shared by
 * the {@code double} and {@code float} Vector API kernels; subclasses supply the packing and the
 * register-blocked micro-kernel for their element type {@code T} ({@code double[]} or
 * {@code float[]}).
 *
 * <p>Blocking follows Goto and van de Geijn, "Anatomy of high-performance matrix
 * multiplication" (ACM TOMS 34(3), 2008): for each block of {@link #KC} inner-dimension
 * steps, B is packed into column panels of {@code nr} columns (each panel kc×nr, contiguous
 * per step, so that it stays in L1 while the micro-kernel sweeps it), and A is packed in blocks
 * of {@link #MC} rows into row panels of {@code mr} rows. Packing pads ragged panels with zeros,
 * so the micro-kernel always computes a full mr×nr tile and only its store is clipped.
 *
 * <p>Operands are described by strides, which covers the three layer products without copies:
 * element (i, p) of op(A) is {@code a[aOffset + i·aRowStride + p·aColStride]} and element
 * (p, j) of op(B) is {@code b[bOffset + p·bRowStride + j·bColStride]}. C is m×n, row-major.
 */
abstract class BlockedProduct<T> {

    /** Inner-dimension block: a kc×nr panel of B (24 KiB for nr = 24 doubles) fits L1. */
    static final int KC = 128;

    /** Row block of A: an MC×KC packed block of A (128 KiB in double) fits L2. */
    static final int MC = 128;

    /** Rows of the micro-kernel's register tile. */
    final int mr;

    /** Columns of the micro-kernel's register tile, a multiple of the vector length. */
    final int nr;

    BlockedProduct(int mr, int nr) {
        this.mr = mr;
        this.nr = nr;
    }

    /**
     * Computes {@code C = op(A)·op(B)} (overwrite) or {@code C += op(A)·op(B)} (accumulate).
     * Reads A and B, writes C; the caller has checked the regions with {@link ProductShape}.
     */
    final void multiply(int m, int n, int k,
                        T a, int aOffset, int aRowStride, int aColStride,
                        T b, int bOffset, int bRowStride, int bColStride,
                        T c, int cOffset, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                clear(c, cOffset, m * n);
            }
            return;
        }
        int panels = (n + nr - 1) / nr;
        ensureCapacity(Math.min(MC, roundUp(m, mr)) * KC, panels * nr * KC);

        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            // Only the first inner block may overwrite C; later blocks add their partial sums.
            boolean add = accumulate || pc > 0;
            packB(b, bOffset + pc * bRowStride, bRowStride, bColStride, kc, n);

            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                packA(a, aOffset + ic * aRowStride + pc * aColStride, aRowStride, aColStride, mc, kc);

                for (int panel = 0; panel < panels; panel++) {
                    int jr = panel * nr;
                    int cols = Math.min(nr, n - jr);
                    for (int ir = 0; ir < mc; ir += mr) {
                        microKernel(kc, ir * kc, panel * nr * kc,
                                c, cOffset + (ic + ir) * n + jr, n,
                                Math.min(mr, mc - ir), cols, add);
                    }
                }
            }
        }
    }

    static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    /** Grows the packing buffers to hold at least the given number of elements. */
    abstract void ensureCapacity(int packedASize, int packedBSize);

    /** Sets {@code c[offset .. offset+size)} to zero. */
    abstract void clear(T c, int offset, int size);

    /**
     * Packs rows [0, mc) × steps [0, kc) of op(A), starting at {@code a[offset]}, into row
     * panels of mr rows: element (i, p) goes to {@code packedA[(i/mr)·mr·kc + p·mr + i%mr]};
     * rows past mc in the last panel are zero.
     */
    abstract void packA(T a, int offset, int rowStride, int colStride, int mc, int kc);

    /**
     * Packs steps [0, kc) × columns [0, n) of op(B), starting at {@code b[offset]}, into column
     * panels of nr columns: element (p, j) goes to {@code packedB[(j/nr)·nr·kc + p·nr + j%nr]};
     * columns past n in the last panel are zero.
     */
    abstract void packB(T b, int offset, int rowStride, int colStride, int kc, int n);

    /**
     * Computes the mr×nr tile {@code Σ_p packedA panel(·, p) packedB panel(p, ·)} over kc steps
     * and writes its first {@code rows}×{@code cols} entries to C at {@code c[cOffset]} (row
     * stride {@code ldc}), adding to C when {@code add} is true.
     */
    abstract void microKernel(int kc, int aPanelOffset, int bPanelOffset,
                              T c, int cOffset, int ldc, int rows, int cols, boolean add);
}
