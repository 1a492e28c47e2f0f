package com.shardprop.core.kernel;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockedProduct} on {@code float} with a 4×(3·L) register tile, L being the lane count
 * of the platform's preferred vector (16 with AVX-512, 8 with AVX2): twelve vector accumulators,
 * three vector loads of B and four broadcasts of A per step, which keeps the FMA units busier
 * than the loads. Loaded only when {@code jdk.incubator.vector} is present.
 */
final class VectorFloatProduct extends BlockedProduct<float[]> {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int MR = 4;
    /** Rows of a transposed B packed together: 8 floats fill half a 64-byte cache line. */
    private static final int PACK_ROWS = 8;

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    /** The micro-kernel's result tile, MR×nr row-major. */
    private final float[] tile = new float[MR * 3 * LANES];

    VectorFloatProduct() {
        super(MR, 3 * LANES);
    }

    @Override
    void ensureCapacity(int packedASize, int packedBSize) {
        if (packedA.length < packedASize) {
            packedA = new float[packedASize];
        }
        if (packedB.length < packedBSize) {
            packedB = new float[packedBSize];
        }
    }

    @Override
    void clear(float[] c, int offset, int size) {
        Arrays.fill(c, offset, offset + size, 0.0f);
    }

    @Override
    void packA(float[] a, int offset, int rowStride, int colStride, int mc, int kc) {
        float[] packed = packedA;
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int rows = Math.min(MR, mc - i0);
            int panel = i0 * kc;
            for (int r = 0; r < MR; r++) {
                if (r >= rows) {
                    for (int p = 0; p < kc; p++) {
                        packed[panel + p * MR + r] = 0.0f;
                    }
                    continue;
                }
                int source = offset + (i0 + r) * rowStride;
                for (int p = 0; p < kc; p++) {
                    packed[panel + p * MR + r] = a[source + p * colStride];
                }
            }
        }
    }

    @Override
    void packB(float[] b, int offset, int rowStride, int colStride, int kc, int n) {
        float[] packed = packedB;
        int nr = this.nr;
        for (int j0 = 0; j0 < n; j0 += nr) {
            int cols = Math.min(nr, n - j0);
            int panel = j0 * kc;
            if (colStride == 1) {
                // Rows of op(B) are contiguous: copy each step's cols entries at once.
                for (int p = 0; p < kc; p++) {
                    int target = panel + p * nr;
                    System.arraycopy(b, offset + p * rowStride + j0, packed, target, cols);
                    Arrays.fill(packed, target + cols, target + nr, 0.0f);
                }
            } else {
                // op(B) = Bᵀ of a row-major B. Read PACK_ROWS source rows side by side so that
                // each step writes PACK_ROWS adjacent packed entries instead of one per line.
                int jj = 0;
                for (; jj + PACK_ROWS <= cols; jj += PACK_ROWS) {
                    int source = offset + (j0 + jj) * colStride;
                    int target = panel + jj;
                    for (int p = 0; p < kc; p++, target += nr) {
                        int at = source + p * rowStride;
                        for (int r = 0; r < PACK_ROWS; r++) {
                            packed[target + r] = b[at + r * colStride];
                        }
                    }
                }
                for (; jj < nr; jj++) {
                    int source = offset + (j0 + jj) * colStride;
                    for (int p = 0; p < kc; p++) {
                        packed[panel + p * nr + jj] = jj < cols ? b[source + p * rowStride] : 0.0f;
                    }
                }
            }
        }
    }

    @Override
    void microKernel(int kc, int aPanelOffset, int bPanelOffset,
                     float[] c, int cOffset, int ldc, int rows, int cols, boolean add) {
        float[] pa = packedA;
        float[] pb = packedB;
        FloatVector c00 = FloatVector.zero(SPECIES);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;

        int ia = aPanelOffset;
        int ib = bPanelOffset;
        for (int p = 0; p < kc; p++, ia += MR, ib += 3 * LANES) {
            // C_tile += A_panel(:, p) · B_panel(p, :), one broadcast row of A at a time.
            FloatVector b0 = FloatVector.fromArray(SPECIES, pb, ib);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pb, ib + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, pb, ib + 2 * LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, pa[ia]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(SPECIES, pa[ia + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(SPECIES, pa[ia + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(SPECIES, pa[ia + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }

        // Park the tile in L1 and update C from there: passing the accumulators to a helper
        // that C2 might not inline would box them, and the boxing would spread into the loop.
        float[] tile = this.tile;
        c00.intoArray(tile, 0);
        c01.intoArray(tile, LANES);
        c02.intoArray(tile, 2 * LANES);
        c10.intoArray(tile, 3 * LANES);
        c11.intoArray(tile, 4 * LANES);
        c12.intoArray(tile, 5 * LANES);
        c20.intoArray(tile, 6 * LANES);
        c21.intoArray(tile, 7 * LANES);
        c22.intoArray(tile, 8 * LANES);
        c30.intoArray(tile, 9 * LANES);
        c31.intoArray(tile, 10 * LANES);
        c32.intoArray(tile, 11 * LANES);
        writeTile(c, cOffset, ldc, rows, cols, add);
    }

    /** Writes (or adds) the first rows×cols entries of {@link #tile} to C. */
    private void writeTile(float[] c, int cOffset, int ldc, int rows, int cols, boolean add) {
        float[] tile = this.tile;
        int nr = this.nr;
        int vectorCols = cols == nr ? nr : 0;
        for (int r = 0; r < rows; r++) {
            int row = cOffset + r * ldc;
            int from = r * nr;
            for (int j = 0; j < vectorCols; j += LANES) {
                FloatVector v = FloatVector.fromArray(SPECIES, tile, from + j);
                if (add) {
                    v = v.add(FloatVector.fromArray(SPECIES, c, row + j));
                }
                v.intoArray(c, row + j);
            }
            for (int j = vectorCols; j < cols; j++) {
                c[row + j] = add ? c[row + j] + tile[from + j] : tile[from + j];
            }
        }
    }
}
