package com.shardprop.spark.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.Model;
import com.shardprop.core.ModelFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds {@link CheckpointFormat#read} 1,200 mutated checkpoints. Half are byte-level mutations
 * (flipped bits, overwritten bytes, truncations, extensions) that the model file's checks catch;
 * half rewrite one run-state metadata value with an invalid one (negative, non-numeric, infinite,
 * out of range, missing, misnumbered) and re-encode the file, so the checksum is valid and only
 * the checkpoint parser can reject it. Every case must raise {@link InvalidInputException}.
 */
class CheckpointFuzzTest {

    private static final int CASES = 1200;

    private static final String[] INVALID_NUMBERS = {"-1", "", "abc", "NaN", "Infinity", "-Infinity", "1e999",
        "-0.5", "0x10", "1e5x"};

    private static byte[] encode(Model model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, out);
        return out.toByteArray();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hanging reader, not a speed check
    void mutatedCheckpointsRejected() throws IOException {
        Model original = CheckpointFormat.toModel(CheckpointSamples.adam(21));
        byte[] bytes = encode(original);
        assertEquals(21, CheckpointFormat.read(bytes, "unmutated").step(), "the unmutated file must read back");

        SplittableRandom random = new SplittableRandom(61);
        for (int i = 0; i < CASES; i++) {
            String label = "checkpoint case " + i;
            byte[] mutated;
            String change = "byte-level";
            if (i % 2 == 0) {
                mutated = mutateBytes(bytes, random);
            } else {
                Model model = mutateMetadata(original, random);
                mutated = encode(model);
                change = changedEntries(original.metadata(), model.metadata());
            }
            String what = change;
            InvalidInputException error = assertThrows(InvalidInputException.class,
                    () -> CheckpointFormat.read(mutated, label), label + " (" + what + ") was not rejected");
            assertTrue(error.getMessage().startsWith(label), label + ": message does not name the file: "
                    + error.getMessage());
        }
    }

    private static String changedEntries(Map<String, String> before, Map<String, String> after) {
        StringBuilder changes = new StringBuilder();
        before.forEach((key, value) -> {
            if (!value.equals(after.get(key))) {
                changes.append(key).append(": '").append(value).append("' → '").append(after.get(key)).append("' ");
            }
        });
        after.keySet().stream().filter(key -> !before.containsKey(key))
                .forEach(key -> changes.append("added ").append(key).append(' '));
        return changes.toString().trim();
    }

    private static byte[] mutateBytes(byte[] original, SplittableRandom random) {
        byte[] file = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                int bit = random.nextInt(file.length * 8);
                file[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            case 1 -> {
                int at = random.nextInt(file.length);
                file[at] = (byte) (file[at] + 1 + random.nextInt(255));
            }
            case 2 -> file = Arrays.copyOf(file, random.nextInt(file.length));
            default -> {
                file = Arrays.copyOf(file, file.length + 1 + random.nextInt(32));
                for (int i = original.length; i < file.length; i++) {
                    file[i] = (byte) random.nextInt(256);
                }
            }
        }
        return file;
    }

    /** Returns the model with one run-state metadata entry made invalid. */
    private static Model mutateMetadata(Model original, SplittableRandom random) {
        Map<String, String> metadata = new LinkedHashMap<>(original.metadata());
        List<String> keys = new ArrayList<>();
        for (String key : metadata.keySet()) {
            if (key.startsWith("checkpoint.") || key.startsWith("history.")) {
                keys.add(key);
            }
        }
        String key = keys.get(random.nextInt(keys.size()));
        String value = metadata.get(key);
        switch (random.nextInt(5)) {
            case 0 -> metadata.remove(key.startsWith("history.") ? "history.0" : key);
            case 1 -> metadata.put(key, key.startsWith("checkpoint.format") ? "2"
                    : INVALID_NUMBERS[random.nextInt(INVALID_NUMBERS.length)]);
            case 2 -> {
                if (key.startsWith("history.")) {
                    // Break one field of the summary: drop it, duplicate it or make its value invalid.
                    String[] fields = value.split(" ");
                    int field = random.nextInt(fields.length);
                    String name = fields[field].substring(0, fields[field].indexOf('='));
                    fields[field] = switch (random.nextInt(3)) {
                        case 0 -> "";
                        case 1 -> fields[field] + " " + fields[field];
                        default -> name + "=" + (name.equals("validation")
                                ? invalidValidation(random) : INVALID_NUMBERS[random.nextInt(INVALID_NUMBERS.length)]);
                    };
                    metadata.put(key, String.join(" ", fields).trim());
                } else {
                    metadata.put(key, value + "x");
                }
            }
            case 3 -> {
                // Misnumber the history: the entries must be history.0, history.1, … in order.
                String last = "history." + (original.spec().parameterCount() + random.nextInt(100));
                metadata.put(last, metadata.get("history.0"));
            }
            default -> metadata.put("checkpoint.completed-epochs",
                    Integer.toString(Integer.parseInt(metadata.get("checkpoint.completed-epochs")) + 1
                            + random.nextInt(3)));
        }
        return new Model(original.parameters(), original.featureScaling(), metadata, original.optimizerState());
    }

    private static String invalidValidation(SplittableRandom random) {
        String[] invalid = {"SOFTMAX_CROSS_ENTROPY/30/1.0/1,2,3/0.0/0", "MEAN_SQUARED_ERROR/30/1.0//0.0/0",
            "SOFTMAX_CROSS_ENTROPY/30/1.0/1,2,3,4,5,6,7,8,-9/0.0/0", "SOFTMAX_CROSS_ENTROPY/-30/1.0/1,2,3,4,5,6,7,8,9/0.0/0",
            "SOFTMAX_CROSS_ENTROPY/30/NaN/1,2,3,4,5,6,7,8,9/0.0/0", "SOFTMAX_CROSS_ENTROPY/30", "",
            "SOFTMAX_CROSS_ENTROPY/30/1.0/1,2,3,4,5,6,7,8,x/0.0/0"};
        return invalid[random.nextInt(invalid.length)];
    }
}
