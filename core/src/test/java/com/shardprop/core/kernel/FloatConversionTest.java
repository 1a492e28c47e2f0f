package com.shardprop.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conversions of every {@link FloatMatrixKernel} against Java's own casts, bit for bit: a
 * vector kernel must round exactly like {@code (float) x} and widen exactly, at every length
 * (including those that leave a scalar tail) and offset.
 */
class FloatConversionTest {

    static {
        TestedKernel.quietNetlib();
    }

    /** Values whose conversion is easy to get wrong: signed zeros, NaN, infinities, overflow to infinity, subnormals, ties. */
    private static final double[] SPECIAL = {
        0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300,
        Float.MIN_VALUE, Float.MIN_VALUE / 3, -Float.MIN_NORMAL, Double.MIN_VALUE, 1 + 0x1p-24, 1 + 0x1p-23 + 0x1p-24,
        Float.MAX_VALUE, Math.nextUp((double) Float.MAX_VALUE), 0.1, -2.5e-40
    };

    static Stream<FloatMatrixKernel> kernels() {
        return Stream.of(new EjmlFloatKernel(), new NetlibFloatKernel(), new VectorFloatKernel());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void narrowRoundsLikeACast(FloatMatrixKernel kernel) {
        for (double[] source : sources()) {
            for (int offset : List.of(0, 1, 5)) {
                for (int length = 0; length + offset <= source.length; length += length < 40 ? 1 : 17) {
                    float[] target = new float[length + 3];
                    float[] expected = new float[length + 3];
                    for (int i = 0; i < length; i++) {
                        expected[2 + i] = (float) source[offset + i];
                    }
                    kernel.narrow(source, offset, target, 2, length);
                    assertBitsEqual(expected, target, kernel.name() + " narrow length " + length + " offset " + offset);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void widenAndAddWidenedAreExact(FloatMatrixKernel kernel) {
        SplittableRandom random = new SplittableRandom(7);
        for (double[] values : sources()) {
            float[] source = new float[values.length];
            for (int i = 0; i < source.length; i++) {
                source[i] = (float) values[i];
            }
            for (int offset : List.of(0, 3)) {
                for (int length = 0; length + offset <= source.length; length += length < 40 ? 1 : 17) {
                    double[] widened = new double[length + 1];
                    double[] sums = new double[length + 1];
                    double[] expectedWidened = new double[length + 1];
                    double[] expectedSums = new double[length + 1];
                    for (int i = 0; i <= length; i++) {
                        sums[i] = random.nextDouble(-4, 4);
                        expectedSums[i] = sums[i];
                    }
                    for (int i = 0; i < length; i++) {
                        expectedWidened[1 + i] = source[offset + i];
                        expectedSums[1 + i] += source[offset + i];
                    }
                    kernel.widen(source, offset, widened, 1, length);
                    kernel.addWidened(source, offset, sums, 1, length);
                    String where = kernel.name() + " length " + length + " offset " + offset;
                    assertArrayEquals(expectedWidened, widened, "widen " + where);
                    assertArrayEquals(expectedSums, sums, "addWidened " + where);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void rangesOutsideTheArraysAreRejected(FloatMatrixKernel kernel) {
        double[] doubles = new double[20];
        float[] floats = new float[20];
        assertThrows(IndexOutOfBoundsException.class, () -> kernel.narrow(doubles, 5, floats, 0, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> kernel.widen(floats, 0, doubles, 5, 16));
        assertThrows(IndexOutOfBoundsException.class, () -> kernel.addWidened(floats, 0, doubles, 5, 16));
    }

    /** Random values in [-8, 8), and the special values repeated so that some land in full vectors. */
    private static List<double[]> sources() {
        SplittableRandom random = new SplittableRandom(3);
        double[] uniform = random.doubles(300, -8, 8).toArray();
        double[] special = new double[SPECIAL.length * 5];
        for (int i = 0; i < special.length; i++) {
            special[i] = SPECIAL[i % SPECIAL.length];
        }
        return List.of(uniform, special);
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String message) {
        assertEquals(expected.length, actual.length, message);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    message + ", index " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }
}
