package com.shardprop.core;

import com.shardprop.core.kernel.MatrixKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Precision#FLOAT} computes the same gradients, losses and outputs as double, up to
 * {@link TestData#FLOAT_TOLERANCE} relative to the largest double value, with every kernel.
 */
class FloatPrecisionTest {

    private static final NetworkSpec SPEC = NetworkSpec.parse("30,24:relu:0.3,12:tanh,5:softmax");
    private static final int ROWS = 23;
    /** Sub-batches of 5 rows, so that a float block is added into the double sum several times. */
    private static final int SUB_BATCH_ROWS = 5;

    private final SplittableRandom random = new SplittableRandom(17);
    private final Parameters parameters = Initializer.initialize(SPEC, Initializer.HE, 4);
    private final double[] features = TestData.uniform(random, ROWS * SPEC.inputWidth(), 1);
    private final double[] targets = TestData.targets(random, SPEC, ROWS);

    static Iterable<String> kernels() {
        return MatrixKernels.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void floatGradientMatchesDouble(String kernel) {
        Backprop floatPass = Backprop.create(SPEC, SUB_BATCH_ROWS, Precision.FLOAT, kernel);
        Backprop reference = Backprop.create(SPEC, SUB_BATCH_ROWS, Precision.DOUBLE, "ejml");

        GradientSum actual = TestData.gradient(floatPass, parameters, features, targets, ROWS, 3);
        GradientSum expected = TestData.gradient(reference, parameters, features, targets, ROWS, 3);

        assertEquals(expected.count(), actual.count());
        assertEquals(expected.lossSum(), actual.lossSum(), TestData.FLOAT_TOLERANCE * Math.abs(expected.lossSum()));
        assertClose(expected.values(), actual.values(), kernel + " gradient");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void floatOutputsMatchDouble(String kernel) {
        double[] actual = new double[ROWS * SPEC.outputWidth()];
        double[] expected = new double[actual.length];
        Backprop.create(SPEC, SUB_BATCH_ROWS, Precision.FLOAT, kernel).predict(parameters, features, ROWS, actual);
        Backprop.create(SPEC, SUB_BATCH_ROWS, Precision.DOUBLE, "ejml").predict(parameters, features, ROWS, expected);
        assertClose(expected, actual, kernel + " probabilities");
    }

    @Test
    void createReportsKernelAndPrecision() {
        Backprop backprop = Backprop.create(SPEC, 4, Precision.FLOAT, " NetLib ");
        assertEquals("netlib", backprop.kernelName());
        assertEquals(Precision.FLOAT, backprop.precision());
        assertEquals(Precision.DOUBLE, Backprop.create(SPEC, 4, Precision.DOUBLE, "ejml").precision());
    }

    @Test
    void parseAcceptsOnlyDoubleAndFloat() {
        assertEquals(Precision.FLOAT, Precision.parse(" Float"));
        assertEquals(Precision.DOUBLE, Precision.parse("double"));
        assertEquals("float", Precision.FLOAT.toString());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Precision.parse("half"));
        assertTrue(e.getMessage().contains("'half'"), e.getMessage());
        assertTrue(e.getMessage().contains("--precision"), e.getMessage());
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0;
        for (double value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        double tolerance = TestData.FLOAT_TOLERANCE * scale;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, what + " [" + i + "]");
        }
    }
}
