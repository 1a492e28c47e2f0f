package com.shardprop.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds {@link ModelFile#read} thousands of mutated model files: flipped bits, overwritten bytes,
 * truncations, extensions and size fields set to huge, negative or off-by-one values. Size-field
 * mutations get a recomputed checksum so that they reach the payload's bounds checks instead of
 * stopping at the CRC. Every case must raise {@link InvalidInputException}; an
 * {@link OutOfMemoryError}, any other exception or a model read without error fails the test.
 */
class ModelFileFuzzTest {

    private static final int CASES_PER_MODEL = 700;

    /** Values that a size field is set to: negative, huge, and just past what the file holds. */
    private static final int[] HOSTILE_SIZES = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x7FFF_FFF0, 1 << 30};

    private enum Mutation { FLIP_BIT, CHANGE_BYTE, OVERWRITE_RUN, TRUNCATE, EXTEND, HEADER_LENGTH, SIZE_FIELD }

    private static Model adamModel() {
        NetworkSpec spec = NetworkSpec.parse("6,5:relu:0.1,4:tanh,3:softmax");
        Parameters parameters = Initializer.initialize(spec, 8);
        FeatureScaling scaling = new FeatureScaling(new double[] {1, 2, 3, 4, 5, 6},
                new double[] {0.5, 1, 2, 0, 3, 1e-3});
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("seed", "42");
        metadata.put("data", "fuzz sample ✓");
        Optimizer adam = Optimizer.from(OptimizerConfig.adam());
        OptimizerState state = adam.newState(spec.parameterCount());
        adam.update(parameters.values(), TestData.uniform(new SplittableRandom(1), spec.parameterCount(), 1), 0.01,
                state);
        return new Model(parameters, scaling, metadata, state);
    }

    private static Model momentumModel() {
        NetworkSpec spec = NetworkSpec.parse("3,4:sigmoid,1:identity");
        Optimizer sgd = Optimizer.from(OptimizerConfig.builder().kind(OptimizerConfig.Kind.SGD).momentum(0.9).build());
        OptimizerState state = sgd.newState(spec.parameterCount());
        return new Model(Initializer.initialize(spec, 2), null, Map.of("epochs", "3"), state);
    }

    private static byte[] bytes(Model model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, out);
        return out.toByteArray();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hanging reader, not a speed check
    void mutatedFilesRejected() throws IOException {
        int cases = 0;
        long seed = 20_240_601;
        for (Model model : List.of(adamModel(), momentumModel())) {
            byte[] original = bytes(model);
            assertArrayEquals(model.parameters().values(), ModelFile.read(original, "unmutated").parameters().values(),
                    "the unmutated file must read back");
            List<Integer> sizeFields = sizeFieldOffsets(original);
            SplittableRandom random = new SplittableRandom(seed++);
            Mutation[] mutations = Mutation.values();
            for (int i = 0; i < CASES_PER_MODEL; i++) {
                Mutation mutation = mutations[i % mutations.length];
                String label = "case " + cases + " (" + mutation + ")";
                byte[] mutated = mutate(original, mutation, sizeFields, random);
                InvalidInputException error = assertThrows(InvalidInputException.class,
                        () -> ModelFile.read(mutated, label), label + " was not rejected");
                assertTrue(error.getMessage().startsWith(label), label + ": message does not name the file: "
                        + error.getMessage());
                cases++;
            }
        }
        assertEquals(2 * CASES_PER_MODEL, cases);
    }

    @Test
    void sizeFieldsFoundInLayout() throws IOException {
        // Spec length, parameter count, scaling width, metadata count, 2 × 2 metadata string lengths and
        // two moment lengths: the walker below must find all of them for the size-field cases to mean anything.
        assertEquals(10, sizeFieldOffsets(bytes(adamModel())).size());
    }

    private static byte[] mutate(byte[] original, Mutation mutation, List<Integer> sizeFields,
            SplittableRandom random) {
        byte[] file = original.clone();
        switch (mutation) {
            case FLIP_BIT -> {
                int bit = random.nextInt(file.length * 8);
                file[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            case CHANGE_BYTE -> {
                int at = random.nextInt(file.length);
                file[at] = (byte) (file[at] + 1 + random.nextInt(255));
            }
            case OVERWRITE_RUN -> {
                int length = 2 + random.nextInt(15);
                int at = random.nextInt(file.length - length);
                for (int i = at; i < at + length; i++) {
                    file[i] = (byte) (file[i] ^ (1 + random.nextInt(255)));
                }
            }
            case TRUNCATE -> file = Arrays.copyOf(file, random.nextInt(file.length));
            case EXTEND -> {
                file = Arrays.copyOf(file, file.length + 1 + random.nextInt(64));
                for (int i = original.length; i < file.length; i++) {
                    file[i] = (byte) random.nextInt(256);
                }
            }
            case HEADER_LENGTH -> {
                long[] lengths = {-1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, 2L * file.length,
                        ByteBuffer.wrap(file, 12, 8).getLong() + 1 + random.nextInt(8)};
                ByteBuffer.wrap(file).putLong(12, lengths[random.nextInt(lengths.length)]);
            }
            case SIZE_FIELD -> {
                int at = sizeFields.get(random.nextInt(sizeFields.size()));
                int actual = ByteBuffer.wrap(file).getInt(at);
                int value = random.nextBoolean()
                        ? HOSTILE_SIZES[random.nextInt(HOSTILE_SIZES.length)]
                        : actual + (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(16));
                ByteBuffer.wrap(file).putInt(at, value);
                rechecksum(file);
            }
            default -> throw new IllegalStateException("unknown mutation " + mutation);
        }
        return file;
    }

    /** Recomputes the trailing CRC-32C so that a mutated payload passes the checksum. */
    private static void rechecksum(byte[] file) {
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - ModelFile.CHECKSUM_BYTES);
        ByteBuffer.wrap(file).putInt(file.length - ModelFile.CHECKSUM_BYTES, (int) crc.getValue());
    }

    /**
     * Returns the file offsets of every u32 count and length in the payload, by walking the layout
     * of format version 1 (core/MODEL_FORMAT.md) over a valid file.
     */
    private static List<Integer> sizeFieldOffsets(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file);
        in.position(ModelFile.HEADER_BYTES);
        List<Integer> offsets = new ArrayList<>();
        String spec = skipString(in, offsets);
        offsets.add(in.position());
        int parameters = in.getInt();
        in.position(in.position() + parameters * Double.BYTES);
        if (in.get() == 1) {
            offsets.add(in.position());
            int width = in.getInt();
            in.position(in.position() + 2 * width * Double.BYTES);
        }
        offsets.add(in.position());
        int entries = in.getInt();
        for (int i = 0; i < 2 * entries; i++) {
            skipString(in, offsets);
        }
        if (in.get() == 1) {
            in.get();
            in.getLong();
            for (int moment = 0; moment < 2; moment++) {
                if (in.get() == 1) {
                    offsets.add(in.position());
                    int length = in.getInt();
                    in.position(in.position() + length * Double.BYTES);
                }
            }
        }
        if (in.position() != file.length - ModelFile.CHECKSUM_BYTES) {
            throw new IllegalStateException("layout walk of '" + spec + "' ended at " + in.position()
                    + ", expected the checksum at " + (file.length - ModelFile.CHECKSUM_BYTES));
        }
        return offsets;
    }

    private static String skipString(ByteBuffer in, List<Integer> offsets) {
        offsets.add(in.position());
        byte[] text = new byte[in.getInt()];
        in.get(text);
        return new String(text, StandardCharsets.UTF_8);
    }
}
