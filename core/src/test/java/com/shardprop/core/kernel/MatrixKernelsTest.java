package com.shardprop.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MatrixKernelsTest {

    static {
        TestedKernel.quietNetlib();
    }

    @Test
    void byNameCreatesEachKernel() {
        for (String name : MatrixKernels.names()) {
            assertEquals(name, MatrixKernels.byName(name).name());
            assertEquals(name, MatrixKernels.floatByName(name).name());
        }
        assertEquals("netlib", MatrixKernels.byName(" NetLib ").name());
    }

    @Test
    void byNameRejectsUnknownName() {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> MatrixKernels.byName("openblas"));
        assertTrue(error.getMessage().contains("'openblas'"), error.getMessage());
        assertTrue(error.getMessage().contains("[ejml, netlib, vector]"), error.getMessage());
        assertThrows(InvalidInputException.class, () -> MatrixKernels.floatByName(""));
    }

    @Test
    void ruleHonoursProperty() {
        MatrixKernels.Choice choice = MatrixKernels.choose(" EJML", true, 512);
        assertEquals("ejml", choice.name);
        assertTrue(choice.reason.contains(MatrixKernels.PROPERTY), choice.reason);
        assertThrows(InvalidInputException.class, () -> MatrixKernels.choose("fast", true, 512));
    }

    @Test
    void rulePrefersVectorOnWideVectors() {
        assertEquals("vector", MatrixKernels.choose(null, true, 512).name);
        assertEquals("vector", MatrixKernels.choose("", true, 256).name);
        assertEquals("netlib", MatrixKernels.choose(null, true, 128).name);
    }

    @Test
    void ruleFallsBackWithoutModule() {
        MatrixKernels.Choice choice = MatrixKernels.choose(null, false, 0);
        assertEquals("netlib", choice.name);
        assertTrue(choice.vectorModuleMissing);
        assertFalse(MatrixKernels.choose(null, true, 512).vectorModuleMissing);
    }

    @Test
    void fastestReadsSystemProperty() {
        String previous = System.getProperty(MatrixKernels.PROPERTY);
        try {
            System.setProperty(MatrixKernels.PROPERTY, "ejml");
            assertEquals("ejml", MatrixKernels.fastest().name());
            assertEquals("ejml", MatrixKernels.fastestFloat().name());
            System.setProperty(MatrixKernels.PROPERTY, "gpu");
            assertThrows(InvalidInputException.class, MatrixKernels::fastest);
        } finally {
            if (previous == null) {
                System.clearProperty(MatrixKernels.PROPERTY);
            } else {
                System.setProperty(MatrixKernels.PROPERTY, previous);
            }
        }
    }

    /**
     * Starts a JVM without {@code --add-modules=jdk.incubator.vector} and checks there that
     * core loads, picks netlib, computes a correct product, and rejects the vector kernel.
     */
    @Test
    void worksWithoutVectorModule() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WithoutVectorModule.class.getName())
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().filter(line -> line.startsWith("result ")).toList();
        assertEquals(List.of("result double netlib 19.0 22.0 43.0 50.0",
                "result float netlib 19.0 22.0 43.0 50.0",
                "result vector rejected: true"), lines, output);
    }

    /** The child JVM's entry point for {@link #worksWithoutVectorModule()}. */
    static final class WithoutVectorModule {
        public static void main(String[] args) {
            MatrixKernel kernel = MatrixKernels.fastest();
            double[] c = new double[4];
            // [1 2; 3 4]·[5 6; 7 8] = [19 22; 43 50]
            kernel.mult(2, 2, 2, new double[] {1, 2, 3, 4}, 0, new double[] {5, 6, 7, 8}, 0, c, 0, false);
            System.out.println("result double " + kernel.name() + " " + c[0] + " " + c[1] + " " + c[2] + " " + c[3]);

            FloatMatrixKernel floatKernel = MatrixKernels.fastestFloat();
            float[] cf = new float[4];
            floatKernel.mult(2, 2, 2, new float[] {1, 2, 3, 4}, 0, new float[] {5, 6, 7, 8}, 0, cf, 0, false);
            System.out.println("result float " + floatKernel.name() + " " + cf[0] + " " + cf[1] + " " + cf[2] + " " + cf[3]);

            boolean rejected;
            try {
                MatrixKernels.byName("vector");
                rejected = false;
            } catch (InvalidInputException expected) {
                rejected = expected.getMessage().contains(MatrixKernels.VECTOR_FLAG);
            }
            System.out.println("result vector rejected: " + rejected);
        }
    }
}
