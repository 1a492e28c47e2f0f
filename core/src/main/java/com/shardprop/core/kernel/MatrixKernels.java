package com.shardprop.core.kernel;

import com.shardprop.core.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@link MatrixKernel} and {@link FloatMatrixKernel} instances by name and picks the
 * fastest one available in this JVM.
 *
 * <p>The choice follows a fixed rule backed by the kernel benchmark (BENCHMARKS.md), not a
 * timing race at start-up, so every executor of a job picks the same kernel on the same
 * hardware:
 * <ol>
 *   <li>the system property {@value #PROPERTY} ({@code ejml}, {@code netlib} or {@code vector}),
 *       when set, wins;</li>
 *   <li>otherwise {@code vector} when the module {@value #VECTOR_MODULE} is present and its
 *       preferred vector has at least {@value #MIN_VECTOR_BITS} bits (AVX2 or AVX-512 on x86);</li>
 *   <li>otherwise {@code netlib}, whose pure-Java {@code dgemm} needs no module and beats EJML.</li>
 * </ol>
 * Kernels keep scratch buffers and are not thread-safe, so every call returns a new instance.
 */
public final class MatrixKernels {

    /** System property that overrides the choice: {@code ejml}, {@code netlib} or {@code vector}. */
    public static final String PROPERTY = "shardprop.kernel";

    /** The incubator module the Vector API kernels need. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** The JVM option that makes {@value #VECTOR_MODULE} available. */
    public static final String VECTOR_FLAG = "--add-modules=" + VECTOR_MODULE;

    /**
     * Narrowest preferred vector for which the Vector API kernel is chosen by default. On a
     * training step (BENCHMARKS.md) it ran 2.2× netlib with 512-bit and 1.4× with 256-bit
     * vectors, but 0.8× with 128-bit vectors, so netlib stays the default there.
     */
    static final int MIN_VECTOR_BITS = 256;

    private static final Logger LOG = LoggerFactory.getLogger(MatrixKernels.class);
    private static final List<String> NAMES = List.of("ejml", "netlib", "vector");
    /** Set once the first choice was logged, so that per-task kernels do not repeat it. */
    private static final AtomicBoolean CHOICE_LOGGED = new AtomicBoolean();

    private MatrixKernels() {
    }

    /** Returns the kernel names accepted by {@link #byName} and {@value #PROPERTY}. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Returns a new instance of the fastest kernel available in this JVM, or of the one that
     * {@value #PROPERTY} names. Logs the choice and its reason once per JVM (INFO), and one WARN
     * when {@value #VECTOR_MODULE} is missing.
     *
     * @throws InvalidInputException if {@value #PROPERTY} names an unknown or unavailable kernel
     */
    public static MatrixKernel fastest() {
        Choice choice = choose(System.getProperty(PROPERTY), vectorModulePresent(), preferredVectorBits());
        MatrixKernel kernel = byName(choice.name);
        logOnce(choice);
        return kernel;
    }

    /**
     * Returns a new instance of the kernel with the given name, for the {@code --kernel} option.
     *
     * @param name {@code ejml}, {@code netlib} or {@code vector}, case-insensitive
     * @throws InvalidInputException if the name is unknown, or if it is {@code vector} and
     *                               {@value #VECTOR_MODULE} is missing
     */
    public static MatrixKernel byName(String name) {
        switch (availableName(name)) {
            case "ejml":
                return new EjmlKernel();
            case "netlib":
                return new NetlibKernel();
            default:
                return new VectorKernel();
        }
    }

    /**
     * Returns a new instance of the fastest {@code float} kernel, chosen by the same rule and
     * property as {@link #fastest()}.
     *
     * @throws InvalidInputException if {@value #PROPERTY} names an unknown or unavailable kernel
     */
    public static FloatMatrixKernel fastestFloat() {
        Choice choice = choose(System.getProperty(PROPERTY), vectorModulePresent(), preferredVectorBits());
        FloatMatrixKernel kernel = floatByName(choice.name);
        logOnce(choice);
        return kernel;
    }

    /**
     * Returns a new instance of the {@code float} kernel with the given name.
     *
     * @throws InvalidInputException as {@link #byName} does
     */
    public static FloatMatrixKernel floatByName(String name) {
        switch (availableName(name)) {
            case "ejml":
                return new EjmlFloatKernel();
            case "netlib":
                return new NetlibFloatKernel();
            default:
                return new VectorFloatKernel();
        }
    }

    /** Returns whether {@value #VECTOR_MODULE} was resolved into this JVM's boot layer. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** Returns the bit size of the preferred {@code double} vector, or 0 without the module. */
    static int preferredVectorBits() {
        // VectorDoubleProduct is touched only here, after the check, so core loads without the module.
        return vectorModulePresent() ? VectorDoubleProduct.SPECIES.vectorBitSize() : 0;
    }

    /**
     * Applies the selection rule of this class.
     *
     * @param requested   the value of {@value #PROPERTY}, or null when unset
     * @param vectorPresent whether {@value #VECTOR_MODULE} is present
     * @param vectorBits  bit size of the preferred vector (0 when absent)
     */
    static Choice choose(String requested, boolean vectorPresent, int vectorBits) {
        if (requested != null && !requested.isBlank()) {
            String name = normalize(requested);
            if (!NAMES.contains(name)) {
                throw unknownKernel(requested);
            }
            return new Choice(name, "set by the system property " + PROPERTY, false);
        }
        if (!vectorPresent) {
            return new Choice("netlib", "the module " + VECTOR_MODULE + " is missing", true);
        }
        if (vectorBits < MIN_VECTOR_BITS) {
            return new Choice("netlib", "preferred vectors hold only " + vectorBits
                    + " bits, fewer than the " + MIN_VECTOR_BITS + " at which the vector kernel wins", false);
        }
        // NOTE: In some JVMs C2 compiled the vector kernel without vector instructions, about
        // 1 GFLOP/s instead of 41–55, for reasons not yet known (BENCHMARKS.md). --kernel netlib
        // avoids it.
        return new Choice("vector", VECTOR_MODULE + " is present with " + vectorBits
                + "-bit vectors, where the blocked Vector API kernel outruns netlib (BENCHMARKS.md)", false);
    }

    private static void logOnce(Choice choice) {
        if (!CHOICE_LOGGED.compareAndSet(false, true)) {
            LOG.debug("Matrix kernel {}: {}", choice.name, choice.reason);
            return;
        }
        LOG.info("Matrix kernel {}: {}", choice.name, choice.reason);
        if (choice.vectorModuleMissing) {
            LOG.warn("Matrix products run on the slower kernel {} because the JVM was started without {}."
                    + " Add {} to the JVM options (spark-submit adds it itself; for other launchers set"
                    + " spark.driver.extraJavaOptions and spark.executor.extraJavaOptions) to restore speed.",
                    choice.name, VECTOR_MODULE, VECTOR_FLAG);
        }
    }

    /** Returns the normalized name if it is known and its kernel can run in this JVM. */
    private static String availableName(String name) {
        String normalized = normalize(name);
        if (!NAMES.contains(normalized)) {
            throw unknownKernel(name);
        }
        if (normalized.equals("vector") && !vectorModulePresent()) {
            throw new InvalidInputException("Matrix kernel 'vector' needs the module " + VECTOR_MODULE
                    + ", which this JVM was started without. Add " + VECTOR_FLAG
                    + " to the JVM options, or choose one of " + NAMES.subList(0, 2) + ".");
        }
        return normalized;
    }

    private static InvalidInputException unknownKernel(String name) {
        return new InvalidInputException("Unknown matrix kernel '" + name + "'; expected one of "
                + NAMES + " (option --kernel or system property " + PROPERTY + ").");
    }

    private static String normalize(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    }

    /** A kernel name and why it was chosen. */
    static final class Choice {
        final String name;
        final String reason;
        final boolean vectorModuleMissing;

        Choice(String name, String reason, boolean vectorModuleMissing) {
            this.name = name;
            this.reason = reason;
            this.vectorModuleMissing = vectorModuleMissing;
        }
    }
}
