package com.shardprop.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelFileTest {

    private static final NetworkSpec SPEC = NetworkSpec.parse("6,5:relu:0.1,4:leaky_relu(0.02),3:softmax");

    @TempDir
    Path directory;

    private static Model sampleModel() {
        Parameters parameters = Initializer.initialize(SPEC, 8);
        FeatureScaling scaling = new FeatureScaling(new double[] {1, 2, 3, 4, 5, 6}, new double[] {0.5, 1, 2, 0, 3, 1e-3});
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("seed", "42");
        metadata.put("data", "fashion-mnist sample, 4000 rows");
        metadata.put("note", "ünïcødé ✓");
        Optimizer adam = Optimizer.from(OptimizerConfig.adam());
        OptimizerState state = adam.newState(SPEC.parameterCount());
        double[] gradient = TestData.uniform(new SplittableRandom(1), SPEC.parameterCount(), 1);
        adam.update(parameters.values(), gradient, 0.01, state);
        return new Model(parameters, scaling, metadata, state);
    }

    private static byte[] bytes(Model model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, out);
        return out.toByteArray();
    }

    private static Model read(byte[] bytes) throws IOException {
        return ModelFile.read(new ByteArrayInputStream(bytes));
    }

    @Test
    void saveLoadPredictIsBitIdentical() throws IOException {
        Model model = sampleModel();
        Path path = directory.resolve("model.shardprop");
        ModelFile.save(model, path);
        Model loaded = ModelFile.load(path);

        assertEquals(model.spec(), loaded.spec());
        assertArrayEquals(model.parameters().values(), loaded.parameters().values(), 0);
        assertEquals(model.metadata(), loaded.metadata());
        assertEquals(Arrays.asList(model.metadata().keySet().toArray()), Arrays.asList(loaded.metadata().keySet().toArray()));
        assertArrayEquals(model.featureScaling().mean(), loaded.featureScaling().mean(), 0);
        assertArrayEquals(model.featureScaling().standardDeviation(), loaded.featureScaling().standardDeviation(), 0);
        assertEquals(model.optimizerState().kind(), loaded.optimizerState().kind());
        assertEquals(1, loaded.optimizerState().step());
        assertArrayEquals(model.optimizerState().firstMoment(), loaded.optimizerState().firstMoment(), 0);
        assertArrayEquals(model.optimizerState().secondMoment(), loaded.optimizerState().secondMoment(), 0);

        double[] features = TestData.uniform(new SplittableRandom(3), 9 * 6, 10);
        double[] expected = new double[9 * 3];
        double[] actual = new double[9 * 3];
        new Predictor(model).predict(features, 9, expected);
        new Predictor(loaded).predict(features, 9, actual);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "output " + i);
        }
    }

    @Test
    void minimalModelRoundTrips() throws IOException {
        Model model = new Model(Initializer.initialize(NetworkSpec.parse("2,1:identity"), 1));
        Model loaded = read(bytes(model));
        assertNull(loaded.featureScaling());
        assertNull(loaded.optimizerState());
        assertTrue(loaded.metadata().isEmpty());
        assertArrayEquals(model.parameters().values(), loaded.parameters().values(), 0);
    }

    @Test
    void saveReplacesExistingFileAndLeavesNoTemporary() throws IOException {
        Path path = directory.resolve("out").resolve("model.bin");
        ModelFile.save(new Model(Initializer.initialize(SPEC, 1)), path);
        Model second = sampleModel();
        ModelFile.save(second, path);
        assertArrayEquals(second.parameters().values(), ModelFile.load(path).parameters().values(), 0);
        try (Stream<Path> files = Files.list(path.getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void truncatedFilesRejected() throws IOException {
        byte[] valid = bytes(sampleModel());
        for (int length : new int[] {0, 5, 8, 19, 23, 100, valid.length / 2, valid.length - 1}) {
            byte[] truncated = Arrays.copyOf(valid, length);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> read(truncated), "length " + length);
            String message = e.getMessage();
            assertTrue(message.contains("truncated") || message.contains("not a Shardprop model file"),
                    "length " + length + ": " + message);
        }
        String message = assertThrows(InvalidInputException.class, () -> read(Arrays.copyOf(valid, valid.length - 1)))
                .getMessage();
        assertEquals("model stream is truncated: the header declares a payload of " + (valid.length - 24)
                + " bytes but only " + (valid.length - 25) + " bytes follow before the checksum; copy the file again", message);
    }

    @Test
    void wrongMagicRejected() throws IOException {
        byte[] file = bytes(sampleModel());
        file[0] = 'X';
        assertEquals("model stream is not a Shardprop model file: it does not start with the magic bytes \"SHRDPROP\"; "
                + "pass a file written by shardprop train", assertThrows(InvalidInputException.class, () -> read(file)).getMessage());
    }

    @Test
    void unknownVersionRejected() throws IOException {
        byte[] file = bytes(sampleModel());
        ByteBuffer.wrap(file).putInt(8, 7);
        assertEquals("model stream has model format version 7, this reader supports version 1; use the Shardprop release "
                + "that wrote it", assertThrows(InvalidInputException.class, () -> read(file)).getMessage());
    }

    @Test
    void flippedBitFailsChecksum() throws IOException {
        byte[] valid = bytes(sampleModel());
        for (int offset : new int[] {24, 60, valid.length / 2, valid.length - 5, valid.length - 1}) {
            byte[] file = valid.clone();
            file[offset] ^= 0x10;
            String message = assertThrows(InvalidInputException.class, () -> read(file), "offset " + offset).getMessage();
            assertTrue(message.startsWith("model stream is corrupt: CRC-32C checksum mismatch"), message);
        }
    }

    @Test
    void trailingBytesRejected() throws IOException {
        byte[] valid = bytes(sampleModel());
        byte[] file = Arrays.copyOf(valid, valid.length + 3);
        assertTrue(assertThrows(InvalidInputException.class, () -> read(file)).getMessage()
                .contains("3 unexpected bytes after the checksum"));
    }

    @Test
    void hugeDeclaredPayloadRejectedBeforeAllocating() throws IOException {
        byte[] file = bytes(sampleModel());
        ByteBuffer.wrap(file).putLong(12, Long.MAX_VALUE);
        assertTrue(assertThrows(InvalidInputException.class, () -> read(file)).getMessage()
                .startsWith("model stream is truncated: the header declares a payload of " + Long.MAX_VALUE));
    }

    @Test
    void hugeParameterCountWithValidChecksumRejected() throws IOException {
        byte[] file = bytes(sampleModel());
        int specLength = SPEC.toString().getBytes(StandardCharsets.UTF_8).length;
        int countOffset = ModelFile.HEADER_BYTES + 4 + specLength;
        ByteBuffer.wrap(file).putInt(countOffset, Integer.MAX_VALUE);
        rechecksum(file);
        String message = assertThrows(InvalidInputException.class, () -> read(file)).getMessage();
        assertTrue(message.startsWith("model stream is truncated or corrupt: parameter count of 2147483647 needs "
                + 8L * Integer.MAX_VALUE + " bytes"), message);
    }

    @Test
    void parameterCountMismatchWithValidChecksumRejected() throws IOException {
        // The stored count no longer matches the spec string, while the checksum is valid.
        byte[] small = bytes(new Model(Initializer.initialize(NetworkSpec.parse("6,5:relu,3:softmax"), 1)));
        String smallSpec = "6,5:relu,3:softmax";
        int countOffset = ModelFile.HEADER_BYTES + 4 + smallSpec.length();
        int count = ByteBuffer.wrap(small).getInt(countOffset);
        ByteBuffer.wrap(small).putInt(countOffset, count - 1);
        rechecksum(small);
        String message = assertThrows(InvalidInputException.class, () -> read(small)).getMessage();
        assertEquals("model stream is corrupt: network 6,5:relu,3:softmax needs " + count
                + " parameters but the file stores " + (count - 1), message);
    }

    @Test
    void invalidSpecWithValidChecksumRejected() throws IOException {
        byte[] file = bytes(new Model(Initializer.initialize(NetworkSpec.parse("6,5:relu,3:softmax"), 1)));
        int specStart = ModelFile.HEADER_BYTES + 4;
        file[specStart + 2] = '0'; // "6,5:relu…" becomes "6,0:relu…"
        rechecksum(file);
        String message = assertThrows(InvalidInputException.class, () -> read(file)).getMessage();
        assertEquals("model stream is corrupt: its network specification '6,0:relu,3:softmax' is invalid: "
                + "layer 1: width must be ≥ 1, got 0", message);
    }

    @Test
    void invalidFlagWithValidChecksumRejected() throws IOException {
        NetworkSpec spec = NetworkSpec.parse("2,1:identity");
        byte[] file = bytes(new Model(Initializer.initialize(spec, 1)));
        int flagOffset = ModelFile.HEADER_BYTES + 4 + spec.toString().length() + 4 + 8 * spec.parameterCount();
        file[flagOffset] = 7;
        rechecksum(file);
        assertTrue(assertThrows(InvalidInputException.class, () -> read(file)).getMessage()
                .startsWith("model stream is corrupt: feature scaling flag must be 0 or 1, got 7"));
    }

    @Test
    void missingFileNamed() {
        Path missing = directory.resolve("none.bin");
        assertEquals("model file " + missing + " does not exist or is not a regular file",
                assertThrows(InvalidInputException.class, () -> ModelFile.load(missing)).getMessage());
    }

    /** Recomputes the trailing CRC-32C so that a deliberately changed field passes the checksum. */
    private static void rechecksum(byte[] file) {
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
    }
}
