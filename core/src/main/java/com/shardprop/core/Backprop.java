package com.shardprop.core;

import com.shardprop.core.kernel.FloatMatrixKernel;
import com.shardprop.core.kernel.MatrixKernel;
import com.shardprop.core.kernel.MatrixKernels;

import java.util.Objects;

/**
 * The batched forward and backward pass of one network: the only implementation of both in
 * Shardprop. Work buffers are allocated once, for the specification and at most
 * {@code maxBatchRows} rows, and reused by every call; blocks with more rows are processed in
 * sub-batches. Not thread-safe: use one instance per task or thread.
 *
 * <p>Notation (one example per row, m rows): for layer l with weights {@code W_l} (out×in)
 * and bias {@code b_l}: {@code Z_l = A_{l−1} W_lᵀ + 1 b_lᵀ}, {@code A_l = g_l(Z_l)}, with
 * {@code A_0} the input rows. Backward, from the output layer L down:
 * {@code Δ_L = Ŷ − Y} (fused by the {@link Loss}); {@code dW_l = Δ_lᵀ A_{l−1}};
 * {@code db_l = 1ᵀ Δ_l}; {@code Δ_{l−1} = (Δ_l W_l) ⊙ g'_{l−1}(Z_{l−1})}.
 * With dropout on layer l, {@code A_l} and {@code g'_l} are both multiplied by the mask scaled
 * by {@code 1 / (1 − p_l)}, which is the exact derivative of the masked activation.
 *
 * <p>Every result is a sum over the examples: the gradient of {@code Σ_i L_i}, never a mean.
 * Every matrix product goes through a {@link MatrixKernel}, or in {@link Precision#FLOAT} a
 * {@link FloatMatrixKernel} on float copies of the weights and activations; the element-wise
 * work and every buffer of this class stay in double in both precisions.
 */
public final class Backprop {

    private final NetworkSpec spec;
    private final int maxBatchRows;
    private final LayerProducts products;

    /** Gathered input rows {@code A_0}, maxBatchRows × inputWidth. */
    private final double[] input;
    /** Gathered target rows, maxBatchRows × targetWidth. */
    private final double[] targetRows;
    /** Per layer: {@code A_l} (for the output layer the logits {@code Z_L}), maxBatchRows × width_l. */
    private final double[][] activations;
    /** Per hidden layer: {@code g'_l(Z_l)} times the dropout scale, maxBatchRows × width_l; null for the output layer. */
    private final double[][] derivatives;
    /** Two error buffers {@code Δ} swapped while walking backward, maxBatchRows × maxWidth each. */
    private final double[] errorCurrent;
    private final double[] errorPrevious;
    /** Output probabilities or values for evaluation, maxBatchRows × outputWidth. */
    private final double[] outputRows;

    /** Creates a pass with {@link MatrixKernels#fastest()}, the fastest kernel available in this JVM. */
    public Backprop(NetworkSpec spec, int maxBatchRows) {
        this(spec, maxBatchRows, MatrixKernels.fastest());
    }

    /**
     * Creates a pass in double precision.
     *
     * @param maxBatchRows rows per sub-batch, ≥ 1; sets the size of the work buffers
     * @param kernel       the matrix products; owned by this instance from now on
     */
    public Backprop(NetworkSpec spec, int maxBatchRows, MatrixKernel kernel) {
        this(spec, maxBatchRows, new DoubleLayerProducts(spec, Objects.requireNonNull(kernel, "kernel")));
    }

    /**
     * Creates a pass whose matrix products run in single precision ({@link Precision#FLOAT}).
     *
     * @param maxBatchRows rows per sub-batch, ≥ 1; sets the size of the work buffers
     * @param kernel       the float matrix products; owned by this instance from now on
     */
    public Backprop(NetworkSpec spec, int maxBatchRows, FloatMatrixKernel kernel) {
        this(spec, maxBatchRows, new FloatLayerProducts(spec, requireBatchRows(maxBatchRows),
                Objects.requireNonNull(kernel, "kernel")));
    }

    /**
     * Creates a pass in the given precision with the kernel of that name, or with the fastest
     * kernel of this JVM ({@link MatrixKernels#fastest()}) when {@code kernelName} is null.
     *
     * @throws InvalidInputException for an unknown or unavailable kernel name
     */
    public static Backprop create(NetworkSpec spec, int maxBatchRows, Precision precision, String kernelName) {
        if (precision == Precision.FLOAT) {
            FloatMatrixKernel kernel = kernelName == null
                    ? MatrixKernels.fastestFloat() : MatrixKernels.floatByName(kernelName);
            return new Backprop(spec, maxBatchRows, kernel);
        }
        MatrixKernel kernel = kernelName == null ? MatrixKernels.fastest() : MatrixKernels.byName(kernelName);
        return new Backprop(spec, maxBatchRows, kernel);
    }

    private Backprop(NetworkSpec spec, int maxBatchRows, LayerProducts products) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.products = products;
        this.maxBatchRows = requireBatchRows(maxBatchRows);
        int layers = spec.layerCount();
        this.input = new double[Math.multiplyExact(maxBatchRows, spec.inputWidth())];
        this.targetRows = new double[Math.multiplyExact(maxBatchRows, spec.targetWidth())];
        this.activations = new double[layers][];
        this.derivatives = new double[layers][];
        for (int l = 0; l < layers; l++) {
            int size = Math.multiplyExact(maxBatchRows, spec.layer(l).width());
            activations[l] = new double[size];
            derivatives[l] = l < layers - 1 ? new double[size] : null;
        }
        int errorSize = Math.multiplyExact(maxBatchRows, spec.maxWidth());
        this.errorCurrent = new double[errorSize];
        this.errorPrevious = new double[errorSize];
        this.outputRows = new double[Math.multiplyExact(maxBatchRows, spec.outputWidth())];
    }

    public NetworkSpec spec() {
        return spec;
    }

    public int maxBatchRows() {
        return maxBatchRows;
    }

    /** Returns the name of the matrix kernel, such as {@code vector}. */
    public String kernelName() {
        return products.kernelName();
    }

    public Precision precision() {
        return products.precision();
    }

    private static int requireBatchRows(int maxBatchRows) {
        if (maxBatchRows < 1) {
            throw new InvalidInputException("batch size must be ≥ 1, got " + maxBatchRows);
        }
        return maxBatchRows;
    }

    /**
     * Adds the gradient sum, loss sum and count of block rows {@code rows[from..to)} into
     * {@code into}, processing them in sub-batches of at most {@code maxBatchRows}.
     *
     * @param features    blockRows × inputWidth, row-major; not modified
     * @param targets     blockRows × targetWidth, row-major; not modified
     * @param rows        indices of block rows; {@code rows[from..to)} are used, in that order
     * @param dropoutSeed seed of the dropout masks for this step
     * @param rowIds      globally unique id per block row, indexed like {@code features}; the mask
     *                    of row r depends only on (dropoutSeed, rowIds[r]); may be null without dropout
     * @param into        modified: gradients, loss and count are added
     * @throws InvalidInputException for a target outside the loss's domain, naming the block row
     */
    public void accumulate(Parameters p, double[] features, double[] targets, int[] rows, int from, int to,
                           long dropoutSeed, long[] rowIds, GradientSum into) {
        checkParameters(p);
        if (into.values().length != spec.parameterCount()) {
            throw new IllegalArgumentException("gradient sum has " + into.values().length
                    + " values, network " + spec + " has " + spec.parameterCount() + " parameters");
        }
        if (from < 0 || to > rows.length || from > to) {
            throw new IllegalArgumentException("row range [" + from + ", " + to + ") is outside [0, " + rows.length + "]");
        }
        if (rowIds == null && spec.hasDropout()) {
            throw new IllegalArgumentException("network " + spec + " uses dropout, so rowIds must be given");
        }
        int inputWidth = spec.inputWidth();
        int targetWidth = spec.targetWidth();
        products.loadWeights(p.values());
        for (int start = from; start < to; start += maxBatchRows) {
            int m = Math.min(maxBatchRows, to - start);

            // Gather the sub-batch so the products read contiguous rows. Targets are checked here,
            // where the block row number is known, so that an error names the right row.
            for (int i = 0; i < m; i++) {
                int row = rows[start + i];
                System.arraycopy(features, row * inputWidth, input, i * inputWidth, inputWidth);
                System.arraycopy(targets, row * targetWidth, targetRows, i * targetWidth, targetWidth);
                spec.loss().checkTargetRow(targets, row * targetWidth, spec.outputWidth(), row);
            }

            forward(p.values(), input, 0, m, true, dropoutSeed, rowIds, rows, start);
            double[] logits = activations[spec.layerCount() - 1];
            double lossSum = spec.loss().lossAndError(logits, targetRows, m, spec.outputWidth(), errorCurrent, 0);
            backward(m, into.values());
            into.addExamples(m, lossSum);
        }
    }

    /**
     * Writes the network outputs for {@code rowCount} contiguous rows without dropout:
     * probabilities for softmax and sigmoid, values for identity.
     *
     * @param features rowCount × inputWidth; not modified
     * @param outputs  rowCount × outputWidth; written
     */
    public void predict(Parameters p, double[] features, int rowCount, double[] outputs) {
        checkParameters(p);
        int inputWidth = spec.inputWidth();
        int outputWidth = spec.outputWidth();
        products.loadWeights(p.values());
        for (int start = 0; start < rowCount; start += maxBatchRows) {
            int m = Math.min(maxBatchRows, rowCount - start);
            forward(p.values(), features, start * inputWidth, m, false, 0, null, null, 0);
            spec.loss().outputs(activations[spec.layerCount() - 1], m, outputWidth, outputs, start * outputWidth);
        }
    }

    /**
     * Adds the loss, decisions and errors of {@code rowCount} contiguous rows, without dropout,
     * into {@code into}.
     *
     * @param features rowCount × inputWidth; not modified
     * @param targets  rowCount × targetWidth; not modified
     * @param into     modified
     */
    public void evaluate(Parameters p, double[] features, double[] targets, int rowCount, EvaluationSum into) {
        checkParameters(p);
        int inputWidth = spec.inputWidth();
        int outputWidth = spec.outputWidth();
        int targetWidth = spec.targetWidth();
        products.loadWeights(p.values());
        for (int start = 0; start < rowCount; start += maxBatchRows) {
            int m = Math.min(maxBatchRows, rowCount - start);
            forward(p.values(), features, start * inputWidth, m, false, 0, null, null, 0);
            double[] logits = activations[spec.layerCount() - 1];
            System.arraycopy(targets, start * targetWidth, targetRows, 0, m * targetWidth);
            // The error written into errorCurrent is unused here; the loss needs no gradient.
            double lossSum = spec.loss().lossAndError(logits, targetRows, m, outputWidth, errorCurrent, start);
            spec.loss().outputs(logits, m, outputWidth, outputRows, 0);
            into.addBlock(outputRows, targetRows, m, lossSum);
        }
    }

    /**
     * Runs the forward pass over m rows of {@code source} starting at {@code sourceOffset},
     * leaving {@code A_l} (logits for the output layer) in {@link #activations} and, when
     * training, {@code g'_l} times the dropout scale in {@link #derivatives}.
     */
    private void forward(double[] theta, double[] source, int sourceOffset, int m, boolean training,
                         long dropoutSeed, long[] rowIds, int[] rows, int rowsStart) {
        double[] previous = source;
        int previousOffset = sourceOffset;
        int last = spec.layerCount() - 1;
        for (int l = 0; l <= last; l++) {
            LayerSpec layer = spec.layer(l);
            int out = layer.width();
            int in = spec.fanIn(l);
            double[] a = activations[l];

            // Z_l = A_{l−1} W_lᵀ
            products.forward(l, m, previous, previousOffset, a);

            if (l == last) {
                // Output logits Z_L = A_{L−1} W_Lᵀ + 1 b_Lᵀ; the loss applies the output function.
                int bias = spec.biasOffset(l);
                for (int r = 0, index = 0; r < m; r++) {
                    for (int j = 0; j < out; j++, index++) {
                        a[index] += theta[bias + j];
                    }
                }
            } else {
                // A_l = g(Z_l + 1 b_lᵀ), and g'(Z_l) alongside when training.
                layer.activation().activateRows(a, training ? derivatives[l] : null, theta, spec.biasOffset(l), m, out);
                if (training && layer.dropoutRate() > 0) {
                    applyDropout(l, layer.dropoutRate(), m, dropoutSeed, rowIds, rows, rowsStart);
                }
            }
            previous = a;
            previousOffset = 0;
        }
    }

    /** Multiplies {@code A_l} and {@code g'_l} by the inverted-dropout mask: 0 for a dropped unit, 1/(1 − p) for a kept one. */
    private void applyDropout(int l, double rate, int m, long dropoutSeed, long[] rowIds, int[] rows, int rowsStart) {
        double[] a = activations[l];
        double[] d = derivatives[l];
        int width = spec.layer(l).width();
        double keepScale = 1 / (1 - rate);
        for (int r = 0; r < m; r++) {
            long key = Dropout.rowKey(dropoutSeed, rowIds[rows[rowsStart + r]], l);
            int base = r * width;
            for (int j = 0; j < width; j++) {
                double scale = Dropout.keeps(key, j, rate) ? keepScale : 0;
                a[base + j] *= scale;
                d[base + j] *= scale;
            }
        }
    }

    /** Walks from the output layer down, adding {@code dW_l} and {@code db_l} into {@code gradient}; {@code Δ_L} is in errorCurrent. */
    private void backward(int m, double[] gradient) {
        double[] error = errorCurrent;
        double[] spare = errorPrevious;
        for (int l = spec.layerCount() - 1; l >= 0; l--) {
            int out = spec.layer(l).width();
            int in = spec.fanIn(l);
            double[] previous = l == 0 ? input : activations[l - 1];

            // dW_l += Δ_lᵀ A_{l−1}   (out×in), and for l > 0 the product Δ_l W_l into spare (m×in)
            products.backward(l, m, error, previous, gradient, l > 0 ? spare : null);

            // db_l += 1ᵀ Δ_l
            int bias = spec.biasOffset(l);
            for (int r = 0, index = 0; r < m; r++) {
                for (int j = 0; j < out; j++, index++) {
                    gradient[bias + j] += error[index];
                }
            }

            if (l > 0) {
                // Δ_{l−1} = (Δ_l W_l) ⊙ g'_{l−1}(Z_{l−1})   (m×in)
                double[] d = derivatives[l - 1];
                int size = m * in;
                for (int i = 0; i < size; i++) {
                    spare[i] *= d[i];
                }
                double[] swap = error;
                error = spare;
                spare = swap;
            }
        }
    }

    private void checkParameters(Parameters p) {
        if (!spec.equals(p.spec())) {
            throw new IllegalArgumentException("parameters are for network " + p.spec()
                    + " but this Backprop was built for " + spec);
        }
    }
}
