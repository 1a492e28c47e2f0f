package com.shardprop.spark.checkpoint;

import com.shardprop.core.EvaluationSum;
import com.shardprop.core.InvalidInputException;
import com.shardprop.core.Loss;
import com.shardprop.core.Model;
import com.shardprop.core.ModelFile;
import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.train.EpochSummary;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint file format, version 1: a Shardprop model file (core/MODEL_FORMAT.md: magic, version,
 * bounds-checked payload, CRC-32C) whose optimizer state is always present and whose metadata
 * carries the run state as text. So a checkpoint is also a loadable model, and every corruption
 * the model reader detects is detected here. Metadata keys:
 * <pre>
 * checkpoint.format            "1"
 * checkpoint.step              optimizer steps taken
 * checkpoint.completed-epochs  epochs completed and summarized
 * checkpoint.steps-into-epoch  steps taken in the next epoch (0 on an epoch boundary)
 * checkpoint.epoch-loss-sum    Σ L over those steps (a Java double literal, exact)
 * checkpoint.epoch-examples    examples of those steps
 * checkpoint.best-epoch        early stopping's best epoch so far (absent when there is none)
 * checkpoint.best-model        with best-epoch: a model file (network, that epoch's parameters and
 *                              optimizer state), Base64-encoded (RFC 4648, with padding)
 * run.NAME                     the run's setting NAME, for example run.seed, run.layers
 * history.I                    summary of epoch I + 1, "KEY=VALUE" fields separated by spaces:
 *                              epoch, steps, training-loss, learning-rate, seconds, validation
 * </pre>
 * Doubles (all losses, rates and times, so all ≥ 0) are written with {@link Double#toString},
 * which {@link Double#parseDouble} reads back bit for bit. {@code validation} is {@code none} or
 * {@code LOSS/COUNT/LOSS_SUM/CONFUSION/SQUARED_ERROR_SUM/SQUARED_ERROR_TERMS}, with the confusion
 * matrix row-major and comma-separated (empty for identity output); the output width is the
 * network's.
 */
public final class CheckpointFormat {

    static final String VERSION = "1";
    static final String FORMAT_KEY = "checkpoint.format";
    private static final String STEP = "checkpoint.step";
    private static final String COMPLETED_EPOCHS = "checkpoint.completed-epochs";
    private static final String STEPS_INTO_EPOCH = "checkpoint.steps-into-epoch";
    private static final String EPOCH_LOSS_SUM = "checkpoint.epoch-loss-sum";
    private static final String EPOCH_EXAMPLES = "checkpoint.epoch-examples";
    private static final String BEST_EPOCH = "checkpoint.best-epoch";
    private static final String BEST_MODEL = "checkpoint.best-model";
    private static final String RUN_PREFIX = "run.";
    private static final String HISTORY_PREFIX = "history.";

    private CheckpointFormat() {
    }

    /** Writes {@code checkpoint} to {@code out} (not closed). */
    public static void write(Checkpoint checkpoint, OutputStream out) throws IOException {
        ModelFile.write(toModel(checkpoint), out);
    }

    /** Returns the checkpoint as a model whose metadata carries the run state. */
    static Model toModel(Checkpoint checkpoint) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT_KEY, VERSION);
        metadata.put(STEP, Long.toString(checkpoint.step()));
        metadata.put(COMPLETED_EPOCHS, Integer.toString(checkpoint.completedEpochs()));
        metadata.put(STEPS_INTO_EPOCH, Long.toString(checkpoint.stepsIntoEpoch()));
        metadata.put(EPOCH_LOSS_SUM, Double.toString(checkpoint.epochLossSum()));
        metadata.put(EPOCH_EXAMPLES, Long.toString(checkpoint.epochExamples()));
        Checkpoint.BestEpoch best = checkpoint.bestEpoch();
        if (best != null) {
            metadata.put(BEST_EPOCH, Integer.toString(best.epoch()));
            metadata.put(BEST_MODEL, encodeBest(best));
        }
        checkpoint.configuration().forEach((name, value) -> metadata.put(RUN_PREFIX + name, value));
        List<EpochSummary> history = checkpoint.history();
        for (int i = 0; i < history.size(); i++) {
            metadata.put(HISTORY_PREFIX + i, formatSummary(history.get(i)));
        }
        return new Model(checkpoint.parameters(), checkpoint.featureScaling(), metadata, checkpoint.optimizerState());
    }

    /**
     * Parses a whole checkpoint file held in memory.
     *
     * @param source names the file in error messages
     * @throws InvalidInputException if the bytes are not a valid checkpoint, saying which check failed
     */
    public static Checkpoint read(byte[] bytes, String source) {
        Model model;
        try {
            model = ModelFile.read(new ByteArrayInputStream(bytes));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source + " from memory failed", e);
        }
        return fromModel(model, source);
    }

    /** Returns the checkpoint stored in {@code model}'s metadata and state. */
    static Checkpoint fromModel(Model model, String source) {
        Metadata metadata = new Metadata(model.metadata(), source);
        String version = metadata.text(FORMAT_KEY);
        if (!VERSION.equals(version)) {
            throw new InvalidInputException(source + " has checkpoint format version " + version
                    + ", this reader supports version " + VERSION + "; resume with the Shardprop release that wrote it");
        }
        if (model.optimizerState() == null) {
            throw new InvalidInputException(source + " is corrupt: a checkpoint must store the optimizer state");
        }
        long step = metadata.nonNegativeLong(STEP);
        int completedEpochs = Math.toIntExact(Math.min(metadata.nonNegativeLong(COMPLETED_EPOCHS), Integer.MAX_VALUE));
        long stepsIntoEpoch = metadata.nonNegativeLong(STEPS_INTO_EPOCH);
        double epochLossSum = metadata.nonNegativeDouble(EPOCH_LOSS_SUM, metadata.text(EPOCH_LOSS_SUM));
        long epochExamples = metadata.nonNegativeLong(EPOCH_EXAMPLES);
        Checkpoint.BestEpoch best = null;
        if (model.metadata().containsKey(BEST_EPOCH) || model.metadata().containsKey(BEST_MODEL)) {
            best = decodeBest(metadata, model.spec());
        }

        Map<String, String> configuration = new LinkedHashMap<>();
        List<EpochSummary> history = new ArrayList<>();
        for (Map.Entry<String, String> entry : model.metadata().entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(RUN_PREFIX)) {
                configuration.put(key.substring(RUN_PREFIX.length()), entry.getValue());
            } else if (key.startsWith(HISTORY_PREFIX)) {
                String expected = HISTORY_PREFIX + history.size();
                if (!key.equals(expected)) {
                    throw new InvalidInputException(source + " is corrupt: expected metadata key " + expected
                            + " but found " + key);
                }
                history.add(parseSummary(metadata, key, model.spec().loss(), model.spec().outputWidth()));
            }
        }
        try {
            return new Checkpoint(model.parameters(), model.optimizerState(), model.featureScaling(), step,
                    completedEpochs, stepsIntoEpoch, epochLossSum, epochExamples, configuration, history, best);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(source + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static String encodeBest(Checkpoint.BestEpoch best) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelFile.write(new Model(best.parameters(), null, Map.of(), best.optimizerState()), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding the best epoch's parameters in memory failed", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** Reads the best-epoch keys; the nested model file gets the same bounds and checksum checks as the outer one. */
    private static Checkpoint.BestEpoch decodeBest(Metadata metadata, NetworkSpec spec) {
        long epoch = metadata.nonNegativeLong(BEST_EPOCH);
        String encoded = metadata.text(BEST_MODEL);
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw metadata.corrupt(BEST_MODEL, abbreviate(encoded), "Base64 text (" + e.getMessage() + ")");
        }
        Model best;
        try {
            best = ModelFile.read(new ByteArrayInputStream(bytes));
        } catch (InvalidInputException e) {
            throw metadata.corrupt(BEST_MODEL, abbreviate(encoded), "a valid model file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("reading the best epoch's parameters from memory failed", e);
        }
        if (!best.spec().equals(spec) || best.optimizerState() == null) {
            throw metadata.corrupt(BEST_MODEL, abbreviate(encoded), "parameters and optimizer state of the network "
                    + spec);
        }
        return new Checkpoint.BestEpoch((int) Math.min(epoch, Integer.MAX_VALUE), best.parameters(),
                best.optimizerState());
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "… (" + text.length() + " characters)";
    }

    private static String formatSummary(EpochSummary summary) {
        return "epoch=" + summary.epoch()
                + " steps=" + summary.steps()
                + " training-loss=" + summary.trainingLoss()
                + " learning-rate=" + summary.learningRate()
                + " seconds=" + summary.seconds()
                + " validation=" + formatValidation(summary.validation());
    }

    private static String formatValidation(EvaluationSum validation) {
        if (validation == null) {
            return "none";
        }
        StringBuilder confusion = new StringBuilder();
        for (long[] row : validation.confusionMatrix()) {
            for (long cell : row) {
                confusion.append(confusion.length() == 0 ? "" : ",").append(cell);
            }
        }
        return validation.loss() + "/" + validation.count() + "/"
                + validation.lossSum() + "/" + confusion + "/" + validation.squaredErrorSum() + "/"
                + validation.squaredErrorTerms();
    }

    private static EpochSummary parseSummary(Metadata metadata, String key, Loss loss, int outputWidth) {
        String text = metadata.text(key);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : text.split(" ")) {
            int equals = field.indexOf('=');
            if (equals <= 0 || fields.put(field.substring(0, equals), field.substring(equals + 1)) != null) {
                throw metadata.corrupt(key, text, "fields of the form KEY=VALUE, each once");
            }
        }
        String where = key + " (" + text + ")";
        long epoch = metadata.nonNegativeLong(where, field(metadata, fields, key, text, "epoch"));
        long steps = metadata.nonNegativeLong(where, field(metadata, fields, key, text, "steps"));
        double trainingLoss = metadata.nonNegativeDouble(where, field(metadata, fields, key, text, "training-loss"));
        double rate = metadata.nonNegativeDouble(where, field(metadata, fields, key, text, "learning-rate"));
        double seconds = metadata.nonNegativeDouble(where, field(metadata, fields, key, text, "seconds"));
        String validation = field(metadata, fields, key, text, "validation");
        return new EpochSummary((int) Math.min(epoch, Integer.MAX_VALUE), steps, trainingLoss, rate,
                "none".equals(validation) ? null : parseValidation(metadata, where, validation, loss, outputWidth),
                seconds);
    }

    private static String field(Metadata metadata, Map<String, String> fields, String key, String text, String name) {
        String value = fields.get(name);
        if (value == null) {
            throw metadata.corrupt(key, text, "a field " + name + "=…");
        }
        return value;
    }

    private static EvaluationSum parseValidation(Metadata metadata, String where, String text, Loss loss,
            int outputWidth) {
        String[] parts = text.split("/", -1);
        if (parts.length != 6 || !parts[0].equals(loss.name())) {
            throw metadata.corrupt(where, text, "validation counts LOSS/COUNT/LOSS_SUM/CONFUSION/"
                    + "SQUARED_ERROR_SUM/SQUARED_ERROR_TERMS for loss " + loss.name());
        }
        int classes = switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> outputWidth;
            case BINARY_CROSS_ENTROPY -> 2;
            case MEAN_SQUARED_ERROR -> 0;
        };
        String[] cells = parts[3].isEmpty() ? new String[0] : parts[3].split(",", -1);
        if (cells.length != (long) classes * classes) {
            throw metadata.corrupt(where, text, "a confusion matrix of " + classes + "×" + classes + " entries");
        }
        long[][] confusion = new long[classes][classes];
        for (int i = 0; i < cells.length; i++) {
            confusion[i / classes][i % classes] = metadata.nonNegativeLong(where, cells[i]);
        }
        try {
            return EvaluationSum.fromCounts(loss, outputWidth, metadata.nonNegativeLong(where, parts[1]),
                    metadata.nonNegativeDouble(where, parts[2]), confusion, metadata.nonNegativeDouble(where, parts[4]),
                    metadata.nonNegativeLong(where, parts[5]));
        } catch (InvalidInputException e) {
            throw metadata.corrupt(where, text, "valid validation counts (" + e.getMessage() + ")");
        }
    }

    /** Typed access to the metadata with errors that name the file and key. */
    private static final class Metadata {
        private final Map<String, String> entries;
        private final String source;

        Metadata(Map<String, String> entries, String source) {
            this.entries = entries;
            this.source = source;
        }

        String text(String key) {
            String value = entries.get(key);
            if (value == null) {
                throw new InvalidInputException(source + " is not a Shardprop checkpoint: the metadata key " + key
                        + " is missing; pass a checkpoint directory written by shardprop train --checkpoint-dir");
            }
            return value;
        }

        long nonNegativeLong(String key) {
            return nonNegativeLong(key, text(key));
        }

        long nonNegativeLong(String where, String value) {
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // Reported below with the key and value.
            }
            throw corrupt(where, value, "a whole number ≥ 0");
        }

        double nonNegativeDouble(String where, String value) {
            try {
                double parsed = Double.parseDouble(value);
                if (Double.isFinite(parsed) && parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // Reported below with the key and value.
            }
            throw corrupt(where, value, "a finite number ≥ 0");
        }

        InvalidInputException corrupt(String where, String value, String expected) {
            return new InvalidInputException(source + " is corrupt: metadata " + where + " should hold " + expected
                    + " but holds '" + value + "'; resume from an older checkpoint or start a new run");
        }
    }
}
