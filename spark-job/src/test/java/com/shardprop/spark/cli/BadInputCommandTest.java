package com.shardprop.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.shardprop.spark.SparkTestSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code train} on each kind of bad input: the command exits with 2 before the first training step,
 * the last line of stderr names the file and the offending value or position, and neither a model
 * nor a checkpoint is written. CSV and LIBSVM fixtures have 4 features and 3 classes; IDX fixtures
 * are the first {@value #IDX_ROWS} rows of the committed Fashion-MNIST sample, edited byte by byte.
 */
class BadInputCommandTest {

    private static final Path SAMPLE = Path.of("..", "core", "src", "test", "resources", "fashion-mnist-sample");
    private static final String SMALL_LAYERS = "4,3:softmax";
    private static final String IDX_LAYERS = "784,10:softmax";
    /** Rows 1…40 of the Fashion-MNIST training set contain all 10 classes. */
    private static final int IDX_ROWS = 40;
    private static final int IDX_IMAGE_HEADER_BYTES = 16;
    private static final int IDX_LABEL_HEADER_BYTES = 8;
    private static final int PIXELS_PER_IMAGE = 28 * 28;
    /** Three valid rows, one per class. Cases append their bad row, which becomes line 5. */
    private static final String CSV_GOOD = "a,b,c,d,label\n0,0,0,0,0\n1,0,0,0,1\n0,1,0,0,2\n";
    private static final String LIBSVM_GOOD = "0 1:1\n1 2:1\n2 3:1\n";

    @TempDir
    static Path shared;

    private static Path previousModel;

    /** Writes the bad input into a folder and returns the data options, {@code --train PATH} first. */
    @FunctionalInterface
    private interface Fixture {
        List<String> write(Path folder) throws IOException;
    }

    private static CommandResult run(List<String> args) {
        return CommandResult.run(args.toArray(String[]::new));
    }

    private static List<String> trainArguments(String layers, List<String> data, Path output, Path checkpoints) {
        List<String> args = new ArrayList<>(List.of("train", "--layers", layers, "--epochs", "1", "--batch-size",
                "4", "--schedule", "constant", "--partitions", "2", "--seed", "3", "--output", output.toString(),
                "--checkpoint-dir", checkpoints.toString(), "--checkpoint-every", "1s"));
        args.addAll(data);
        return args;
    }

    /**
     * Trains once on the good CSV rows: the model that a failed run must keep, and proof that the
     * rows and options are valid, so each case fails on its bad row alone.
     */
    @BeforeAll
    static void trainOnGoodRows() throws IOException {
        SparkTestSession.get();
        Path csv = Files.writeString(shared.resolve("good.csv"), CSV_GOOD);
        previousModel = shared.resolve("previous.model");
        Path checkpoints = shared.resolve("good-checkpoints");
        CommandResult result = run(trainArguments(SMALL_LAYERS, List.of("--train", csv.toString()), previousModel,
                checkpoints));
        assertEquals(Main.EXIT_OK, result.exitCode(), result.describe());
        // With a checkpoint every step, an empty folder after a failed run means no step ran.
        assertFalse(filesUnder(checkpoints).isEmpty(), "a run on good rows wrote no checkpoint");
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                csv("label out of range", CSV_GOOD + "0,0,0,0,3\n", "Invalid label 3.0", "line 5"),
                csv("negative label", CSV_GOOD + "0,0,0,0,-1\n", "Invalid label -1.0", "line 5"),
                csv("non-integer label", CSV_GOOD + "0,0,0,0,1.5\n", "Invalid label 1.5", "line 5"),
                csv("class count mismatch", "a,b,c,d,label\n0,0,0,0,0\n1,0,0,0,1\n", "no rows of class(es) [2]"),
                csv("wrong feature width", "a,b,c,d,e,label\n0,0,0,0,0,0\n1,0,0,0,0,1\n0,1,0,0,0,2\n",
                        "5 feature columns", "input layer has 4"),
                libsvm("LIBSVM index 0", "1 0:1\n", "index 0", "line 4"),
                libsvm("LIBSVM unsorted indices", "1 2:1 1:1\n", "follows the larger index 2", "line 4"),
                libsvm("LIBSVM duplicate index", "1 2:1 2:3\n", "repeats index 2", "line 4"),
                libsvm("LIBSVM malformed token", "1 2=1\n", "'2=1'", "line 4"),
                csv("CSV missing value", CSV_GOOD + "1,,0,0,1\n", "Missing value", "column b", "line 5"),
                csv("CSV non-numeric cell", CSV_GOOD + "1,x,0,0,1\n", "'x'", "column b", "line 5"),
                Arguments.of("CSV header in a later part file", SMALL_LAYERS,
                        (Fixture) BadInputCommandTest::headerInPart,
                        List.of("part-00001.csv", "'a'", "line 1", "--header")),
                csv("NaN feature", CSV_GOOD + "1,NaN,0,0,1\n", "NaN", "column b", "line 5"),
                csv("infinite feature", CSV_GOOD + "1,0,Infinity,0,1\n", "Infinity", "column c", "line 5"),
                idx("IDX wrong magic", BadInputCommandTest::wrongMagic, "x-images-idx3-ubyte", "found 0x12345678",
                        "offset 0"),
                idx("IDX truncated pixels", BadInputCommandTest::truncatedPixels, "x-images-idx3-ubyte",
                        "declares " + IDX_ROWS + " rows", "ends in row " + (IDX_ROWS - 1)),
                idx("IDX image and label counts differ", BadInputCommandTest::fewerLabels, "x-images-idx3-ubyte",
                        IDX_ROWS + " images", (IDX_ROWS - 1) + " labels"),
                idx("IDX label beyond class count", BadInputCommandTest::labelBeyondClasses, "x-labels-idx1-ubyte",
                        "Invalid label 10.0", "row 3"),
                idx("IDX empty file", BadInputCommandTest::emptyImages, "x-images-idx3-ubyte", "found an empty file"),
                csv("empty input", "a,b,c,d,label\n", "No data rows"),
                Arguments.of("missing path", SMALL_LAYERS,
                        (Fixture) folder -> List.of("--train", folder.resolve("absent.csv").toString()),
                        List.of("absent.csv", "was not found")),
                Arguments.of("unreadable format", SMALL_LAYERS,
                        (Fixture) folder -> List.of("--train", Files.writeString(folder.resolve("data.bin"),
                                "1 2 3\n").toString()),
                        List.of("data.bin", "Cannot tell the format", "--format")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputExitsTwoWritingNothing(String name, String layers, Fixture fixture, List<String> expected,
            @TempDir Path folder) throws IOException {
        Path output = folder.resolve("out").resolve("model");
        Path checkpoints = folder.resolve("checkpoints");

        CommandResult result = run(trainArguments(layers, fixture.write(folder), output, checkpoints));

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        for (String part : expected) {
            assertTrue(result.lastErrorLine().contains(part), () -> "expected '" + part + "' in the last line of "
                    + result.describe());
        }
        assertFalse(Files.exists(output), "a model was written to " + output);
        assertEquals(List.of(), filesUnder(checkpoints), "checkpoint folder not empty");
    }

    @Test
    void badLabelKeepsPreviousModel(@TempDir Path folder) throws IOException {
        Path output = Files.createDirectories(folder.resolve("out")).resolve("model");
        Files.copy(previousModel, output);
        byte[] previous = Files.readAllBytes(output);
        Path csv = Files.writeString(folder.resolve("labels.csv"), CSV_GOOD + "0,0,0,0,3\n");

        CommandResult result = run(trainArguments(SMALL_LAYERS, List.of("--train", csv.toString()), output,
                folder.resolve("checkpoints")));

        assertEquals(Main.EXIT_INVALID_INPUT, result.exitCode(), result.describe());
        assertTrue(result.lastErrorLine().contains("Invalid label 3.0"), result.describe());
        assertArrayEquals(previous, Files.readAllBytes(output), "the previous model was changed");
        assertEquals(List.of(output), filesUnder(output.getParent()), "temporary files left behind");
        assertEquals(List.of(), filesUnder(folder.resolve("checkpoints")), "checkpoint folder not empty");
    }

    // ---- fixtures ----

    /** A CSV file named after the case; {@code expected} gets the file name added. */
    private static Arguments csv(String name, String text, String... expected) {
        String file = name.replace(' ', '-') + ".csv";
        return textCase(name, file, text, expected);
    }

    /** Good LIBSVM rows (lines 1…3) followed by {@code badLine} as line 4. */
    private static Arguments libsvm(String name, String badLine, String... expected) {
        return textCase(name, name.replace(' ', '-') + ".libsvm", LIBSVM_GOOD + badLine, expected);
    }

    private static Arguments textCase(String name, String file, String text, String... expected) {
        List<String> parts = new ArrayList<>(List.of(file));
        parts.addAll(List.of(expected));
        Fixture fixture = folder -> List.of("--train", Files.writeString(folder.resolve(file), text).toString());
        return Arguments.of(name, SMALL_LAYERS, fixture, parts);
    }

    private static Arguments idx(String name, Fixture fixture, String... expected) {
        return Arguments.of(name, IDX_LAYERS, fixture, List.of(expected));
    }

    /** Two CSV parts read with --no-header: the first is headerless, the second starts with a header row. */
    private static List<String> headerInPart(Path folder) throws IOException {
        Path parts = Files.createDirectories(folder.resolve("parts"));
        Files.writeString(parts.resolve("part-00000.csv"), "0,0,0,0,0\n1,0,0,0,1\n0,1,0,0,2\n");
        Files.writeString(parts.resolve("part-00001.csv"), "a,b,c,d,label\n0,0,1,0,1\n");
        return List.of("--train", parts.toString(), "--no-header", "--label", "_c4");
    }

    private static List<String> wrongMagic(Path folder) throws IOException {
        byte[] images = sampleImages();
        ByteBuffer.wrap(images).putInt(0, 0x12345678);
        return writeIdx(folder, images, sampleLabels());
    }

    private static List<String> truncatedPixels(Path folder) throws IOException {
        byte[] images = sampleImages();
        return writeIdx(folder, Arrays.copyOf(images, images.length - 1), sampleLabels());
    }

    private static List<String> fewerLabels(Path folder) throws IOException {
        byte[] labels = sampleLabels();
        byte[] shorter = Arrays.copyOf(labels, labels.length - 1);
        ByteBuffer.wrap(shorter).putInt(4, IDX_ROWS - 1);
        return writeIdx(folder, sampleImages(), shorter);
    }

    private static List<String> labelBeyondClasses(Path folder) throws IOException {
        byte[] labels = sampleLabels();
        // Messages give IDX positions as 0-based row indices, so this label is reported as row 3.
        labels[IDX_LABEL_HEADER_BYTES + 3] = 10;
        return writeIdx(folder, sampleImages(), labels);
    }

    private static List<String> emptyImages(Path folder) throws IOException {
        return writeIdx(folder, new byte[0], sampleLabels());
    }

    private static List<String> writeIdx(Path folder, byte[] images, byte[] labels) throws IOException {
        Path imagesFile = Files.write(folder.resolve("x-images-idx3-ubyte"), images);
        Files.write(folder.resolve("x-labels-idx1-ubyte"), labels);
        return List.of("--train", imagesFile.toString());
    }

    /** The first {@value #IDX_ROWS} images of the committed sample, uncompressed, with the row count set to match. */
    private static byte[] sampleImages() throws IOException {
        return samplePrefix("train-images-idx3-ubyte.gz", IDX_IMAGE_HEADER_BYTES, PIXELS_PER_IMAGE);
    }

    private static byte[] sampleLabels() throws IOException {
        return samplePrefix("train-labels-idx1-ubyte.gz", IDX_LABEL_HEADER_BYTES, 1);
    }

    private static byte[] samplePrefix(String file, int headerBytes, int bytesPerRow) throws IOException {
        byte[] prefix;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(SAMPLE.resolve(file)))) {
            prefix = in.readNBytes(headerBytes + IDX_ROWS * bytesPerRow);
        }
        // The row count is the first dimension, stored big-endian after the 4-byte magic number.
        ByteBuffer.wrap(prefix).putInt(4, IDX_ROWS);
        return prefix;
    }

    /** Lists the regular files below {@code folder}; an absent folder has none. */
    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toList());
        }
    }
}
