package com.shardprop.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel agrees with the EJML reference of its precision on each product, over fixed edge
 * shapes and seeded random shapes, at non-zero offsets, in both the overwrite and the accumulate
 * mode, and never writes outside C.
 */
class KernelAgreementTest {

    private static final long SEED = 20260408L;
    private static final double GUARD = -7.25;

    /** Shapes (m, n, k) chosen to hit the edges of the blocking and of the vector width. */
    private static final int[][] EDGE_SHAPES = {
        {1, 1, 1}, {0, 5, 3}, {5, 0, 3}, {5, 3, 0}, {0, 0, 0}, {1, 7, 1}, {7, 1, 9},
        {3, 5, 7}, {4, 24, 16}, {5, 23, 17}, {4, 25, 31}, {13, 47, 129}, {9, 49, 128},
        {129, 33, 5}, {130, 50, 300}, {2, 96, 257}, {128, 10, 128}, {64, 130, 100},
    };

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        Random random = new Random(SEED);
        List<int[]> shapes = new ArrayList<>(Arrays.asList(EDGE_SHAPES));
        for (int i = 0; i < 24; i++) {
            shapes.add(new int[] {random.nextInt(70), random.nextInt(70), random.nextInt(140)});
        }
        for (TestedKernel kernel : TestedKernel.all()) {
            for (Product product : Product.values()) {
                for (int[] shape : shapes) {
                    for (boolean accumulate : new boolean[] {false, true}) {
                        cases.add(Arguments.of(kernel, product, shape[0], shape[1], shape[2], accumulate));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} m={2} n={3} k={4} accumulate={5}")
    @MethodSource("cases")
    void kernelMatchesReference(TestedKernel kernel, Product product, int m, int n, int k,
                                boolean accumulate) {
        Random random = new Random(SEED + 31L * m + 17L * n + k);
        int aOffset = 1 + random.nextInt(5);
        int bOffset = random.nextInt(5);
        int cOffset = 3 + random.nextInt(5);
        double[] a = randomArray(random, aOffset + m * k + 2);
        double[] b = randomArray(random, bOffset + k * n + 3);
        double[] initialC = randomArray(random, cOffset + m * n + 4);
        if (!accumulate) {
            // Overwriting must ignore what C held, even NaN.
            Arrays.fill(initialC, cOffset, cOffset + m * n, Double.NaN);
        }
        Arrays.fill(initialC, 0, cOffset, GUARD);
        Arrays.fill(initialC, cOffset + m * n, initialC.length, GUARD);

        double[] expected = initialC.clone();
        kernel.reference().run(product, m, n, k, a, aOffset, b, bOffset, expected, cOffset, accumulate);
        double[] actual = initialC.clone();
        kernel.run(product, m, n, k, a, aOffset, b, bOffset, actual, cOffset, accumulate);

        for (int i = 0; i < cOffset; i++) {
            assertEquals(GUARD, actual[i], "element before C at index " + i + " was written");
        }
        for (int i = cOffset + m * n; i < actual.length; i++) {
            assertEquals(GUARD, actual[i], "element after C at index " + i + " was written");
        }
        // Entries of A and B lie in [-1, 1], so |C - C_prev| <= k and the rounding error of one
        // entry grows at most linearly with k.
        double tolerance = kernel.tolerance() * Math.max(1, k);
        for (int i = 0; i < m * n; i++) {
            double want = expected[cOffset + i];
            double got = actual[cOffset + i];
            int row = i / n;
            int col = i % n;
            assertTrue(Math.abs(want - got) <= tolerance, () -> "C[" + row + "][" + col
                    + "]: expected " + want + ", found " + got + " (tolerance " + tolerance + ")");
        }
    }

    private static double[] randomArray(Random random, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = 2 * random.nextDouble() - 1;
        }
        return values;
    }
}
