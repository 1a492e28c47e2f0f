package com.shardprop.core;

import com.shardprop.core.kernel.MatrixKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite-difference checks of {@link Backprop}'s gradients in double precision.
 *
 * <p>Recipe: for every parameter θ_i, {@code n_i = (L(θ + h e_i) − L(θ − h e_i)) / 2h} with
 * {@code L = Σ_rows L_row} (the loss sum that {@link GradientSum} reports) and h = 1e-5, whose
 * truncation error O(h²) is about 1e-10. The analytic value a_i must satisfy
 * {@code |a_i − n_i| / max(|a_i| + |n_i|, 1e-6) < 1e-6}. The floor keeps parameters with a
 * vanishing gradient (a dead ReLU unit, say) from dividing rounding noise by zero.
 * Each network has hidden layers of two different activations, so every activation's g' is
 * exercised both next to the output and deeper down. Every case runs with every double
 * kernel of {@link MatrixKernels#names()}.
 */
class GradientCheckTest {

    private static final double STEP = 1e-5;
    private static final double MAX_RELATIVE_ERROR = 1e-6;
    private static final double DENOMINATOR_FLOOR = 1e-6;
    private static final int ROWS = 7;

    static Stream<Arguments> specs() {
        return withEveryKernel(networks());
    }

    static Stream<Arguments> dropoutSpecs() {
        return withEveryKernel(Stream.of("4,8:relu:0.3,6:sigmoid:0.5,3:softmax", "4,8:tanh:0.25,2:identity"));
    }

    private static Stream<Arguments> withEveryKernel(Stream<String> specs) {
        return specs.flatMap(spec -> MatrixKernels.names().stream().map(kernel -> Arguments.of(spec, kernel)));
    }

    private static Stream<String> networks() {
        String[] hidden = {"sigmoid", "tanh", "relu", "leaky_relu(0.1)", "identity"};
        String[] outputs = {"4:softmax", "1:sigmoid", "3:sigmoid", "2:identity"};
        Stream.Builder<String> specs = Stream.builder();
        for (int i = 0; i < hidden.length; i++) {
            String first = hidden[i];
            String second = hidden[(i + 1) % hidden.length];
            String output = outputs[i % outputs.length];
            specs.add("5,6:" + first + ",4:" + second + "," + output);
        }
        // Every output/loss pair with the same hidden activations, so no loss relies on one pairing.
        for (String output : outputs) {
            specs.add("3,5:tanh,4:leaky_relu(0.2)," + output);
        }
        return specs.build();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("specs")
    void analyticGradientMatchesCentralDifference(String specText, String kernel) {
        checkGradient(NetworkSpec.parse(specText), kernel, 0);
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("dropoutSpecs")
    void gradientWithDropoutMatchesCentralDifference(String specText, String kernel) {
        // Masks are a pure function of (seed, row id), so L(θ ± h e_i) sees the same mask as the analytic pass.
        checkGradient(NetworkSpec.parse(specText), kernel, 99);
    }

    private static void checkGradient(NetworkSpec spec, String kernel, long dropoutSeed) {
        SplittableRandom random = new SplittableRandom(spec.toString().hashCode());
        Parameters parameters = new Parameters(spec, TestData.uniform(random, spec.parameterCount(), 0.8));
        double[] features = TestData.uniform(random, ROWS * spec.inputWidth(), 1.5);
        double[] targets = TestData.targets(random, spec, ROWS);
        Backprop backprop = new Backprop(spec, 4, MatrixKernels.byName(kernel));

        double[] analytic = TestData.gradient(backprop, parameters, features, targets, ROWS, dropoutSeed).values();
        double[] theta = parameters.values();
        for (int i = 0; i < theta.length; i++) {
            double original = theta[i];
            theta[i] = original + STEP;
            double plus = TestData.gradient(backprop, parameters, features, targets, ROWS, dropoutSeed).lossSum();
            theta[i] = original - STEP;
            double minus = TestData.gradient(backprop, parameters, features, targets, ROWS, dropoutSeed).lossSum();
            theta[i] = original;

            double numeric = (plus - minus) / (2 * STEP);
            double error = Math.abs(analytic[i] - numeric)
                    / Math.max(Math.abs(analytic[i]) + Math.abs(numeric), DENOMINATOR_FLOOR);
            int finalI = i;
            assertTrue(error < MAX_RELATIVE_ERROR, () -> spec + " with " + kernel + ": " + describe(spec, finalI) + " analytic "
                    + analytic[finalI] + " vs numeric " + numeric + ", relative error " + error);
        }
    }

    /** Names parameter {@code index} as "layer L weight W[j][k]" or "layer L bias b[j]" (layers numbered from 1). */
    static String describe(NetworkSpec spec, int index) {
        for (int l = spec.layerCount() - 1; l >= 0; l--) {
            if (index >= spec.biasOffset(l)) {
                return "layer " + (l + 1) + " bias b[" + (index - spec.biasOffset(l)) + "]";
            }
            if (index >= spec.weightOffset(l)) {
                int local = index - spec.weightOffset(l);
                int fanIn = spec.fanIn(l);
                return "layer " + (l + 1) + " weight W[" + local / fanIn + "][" + local % fanIn + "]";
            }
        }
        throw new IllegalArgumentException("no parameter " + index);
    }
}
