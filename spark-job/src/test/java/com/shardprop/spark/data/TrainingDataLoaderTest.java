package com.shardprop.spark.data;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.NetworkSpec;
import com.shardprop.spark.SparkTestSession;
import com.shardprop.spark.cli.DataOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingDataLoaderTest {

    /** Pixel values of the shared fixture: 6 rows × 4 features, features = pixel / 255. */
    private static final int[][] PIXELS = {
            {0, 255, 51, 0},
            {10, 0, 0, 200},
            {0, 0, 0, 7},
            {128, 64, 32, 16},
            {1, 2, 3, 4},
            {0, 99, 0, 0},
    };
    private static final int[] LABELS = {2, 0, 1, 1, 0, 2};
    private static final NetworkSpec SPEC = NetworkSpec.parse("4,5:relu,3:softmax");

    @TempDir
    Path dir;

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void everyFormatGivesSameRows() throws IOException {
        double[] expectedFeatures = new double[PIXELS.length * 4];
        double[] expectedTargets = new double[PIXELS.length];
        for (int r = 0; r < PIXELS.length; r++) {
            for (int j = 0; j < 4; j++) {
                expectedFeatures[r * 4 + j] = PIXELS[r][j] / 255.0;
            }
            expectedTargets[r] = LABELS[r];
        }

        List<String> paths = List.of(writeCsvParts(), writeLibsvm(), writeParquetColumns(), writeParquetArray(),
                writeParquetVector(), writeIdx());
        for (String path : paths) {
            LoadedData data = TrainingDataLoader.load(spark, new DataOptions(), path, SPEC, 0);
            try {
                assertEquals(PIXELS.length, data.rowCount(), path);
                assertArrayEquals(expectedFeatures, features(data), 0.0, path);
                assertArrayEquals(expectedTargets, targets(data), 0.0, path);
            } finally {
                data.unpersist();
            }
        }
    }

    @Test
    void partitionCountIsRespected() throws IOException {
        String csv = writeCsvParts();
        for (int partitions : new int[] {1, 4, 9}) {
            LoadedData data = TrainingDataLoader.load(spark, new DataOptions(), csv, SPEC, partitions);
            try {
                assertEquals(partitions, data.partitionCount());
                assertEquals(partitions, data.blocks().getNumPartitions());
                assertEquals(6, data.rowCount());
                assertEquals(6, java.util.Arrays.stream(data.partitionRowCounts()).sum());
                double[] firstColumn = new double[6];
                double[] all = features(data);
                for (int r = 0; r < 6; r++) {
                    firstColumn[r] = all[r * 4];
                }
                assertArrayEquals(new double[] {0, 10 / 255.0, 0, 128 / 255.0, 1 / 255.0, 0}, firstColumn, 0.0);
            } finally {
                data.unpersist();
            }
        }
    }

    @Test
    void labelTypesGiveSameTargets() {
        StructType schema = new StructType()
                .add("i", DataTypes.IntegerType).add("d", DataTypes.DoubleType).add("f", DataTypes.FloatType)
                .add("s", DataTypes.StringType).add("x", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            rows.add(RowFactory.create(r, (double) r, (float) r, r + ".0", r * 0.5));
        }
        String path = dir.resolve("labels.parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
        NetworkSpec oneFeature = NetworkSpec.parse("1,3:softmax");
        for (String label : List.of("i", "d", "f", "s")) {
            DataOptions options = new DataOptions().labelColumns(label).featureColumns("x");
            LoadedData data = TrainingDataLoader.load(spark, options, path, oneFeature, 0);
            assertArrayEquals(new double[] {0, 1, 2}, targets(data), 0.0, label);
            data.unpersist();
        }
    }

    @Test
    void standardizeCentersAndScales() throws IOException {
        LoadedData data = TrainingDataLoader.load(spark, new DataOptions().standardize(true), writeCsvParts(), SPEC, 2);
        double[] x = features(data);
        for (int j = 0; j < 4; j++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < 6; r++) {
                sum += x[r * 4 + j];
                squares += x[r * 4 + j] * x[r * 4 + j];
            }
            assertEquals(0.0, sum / 6, 1e-12, "mean of column " + j);
            assertEquals(1.0, squares / 6, 1e-12, "variance of column " + j);
        }
        assertEquals(4, data.scaling().width());
        data.unpersist();
    }

    @Test
    void narrowerLibsvmPaddedForScoring() throws IOException {
        Path narrow = Files.writeString(dir.resolve("narrow.libsvm"), "1 1:0.5 2:0.25\n0 2:1\n");
        Path padded = Files.writeString(dir.resolve("padded.libsvm"), "1 1:0.5 2:0.25 4:0\n0 2:1 3:0 4:0\n");
        NetworkSpec model = NetworkSpec.parse("4,2:softmax");
        LoadedData a = TrainingDataLoader.load(spark, new DataOptions(), narrow.toString(), model, 0,
                DataRole.EVALUATION, null);
        LoadedData b = TrainingDataLoader.load(spark, new DataOptions(), padded.toString(), model, 0,
                DataRole.EVALUATION, null);
        assertArrayEquals(new double[] {0.5, 0.25, 0, 0, 0, 1, 0, 0}, features(a), 0.0);
        assertArrayEquals(features(b), features(a), 0.0);
        a.unpersist();
        b.unpersist();
    }

    // ---- bad input ----

    @Test
    void labelOutsideClassesRejected() throws IOException {
        Path csv = Files.writeString(dir.resolve("bad-label.csv"), "a,b,c,d,label\n0,0,0,0,1\n0,0,0,0,3\n");
        assertInvalid(csv, SPEC, "Invalid label 3.0", "line 3", "column label", "0…2", "--layers");

        InvalidInputException scoring = assertThrows(InvalidInputException.class, () -> TrainingDataLoader.load(spark,
                new DataOptions(), csv.toString(), SPEC, 0, DataRole.EVALUATION, null));
        assertMessage(scoring, "Invalid label 3.0", "line 3", "does not match the model's classes", "0…2");
        assertFalse(scoring.getMessage().contains("--layers"), scoring.getMessage());
    }

    @Test
    void negativeLabelRejected() throws IOException {
        Path csv = Files.writeString(dir.resolve("neg.csv"), "a,b,c,d,label\n0,0,0,0,-1\n");
        assertInvalid(csv, SPEC, "Invalid label -1.0", "line 2");
    }

    @Test
    void fractionalLabelRejected() throws IOException {
        Path csv = Files.writeString(dir.resolve("frac.csv"), "a,b,c,d,label\n0,0,0,0,1.5\n");
        assertInvalid(csv, SPEC, "Invalid label 1.5", "integers");
    }

    @Test
    void missingClassRejected() throws IOException {
        Path csv = Files.writeString(dir.resolve("two.csv"), "a,b,c,d,label\n0,0,0,0,0\n0,0,0,0,1\n");
        assertInvalid(csv, SPEC, "no rows of class(es) [2]", "Fix:");
    }

    @Test
    void featureWidthMismatchRejected() throws IOException {
        Path csv = Files.writeString(dir.resolve("wide.csv"), "a,b,c,d,e,label\n0,0,0,0,0,0\n");
        assertInvalid(csv, SPEC, "5 feature columns", "input layer has 4");
    }

    @Test
    void widerScoringFileRejected() throws IOException {
        Path libsvm = Files.writeString(dir.resolve("wide.libsvm"), "1 1:1 5:2\n");
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> TrainingDataLoader.load(spark,
                new DataOptions(), libsvm.toString(), NetworkSpec.parse("4,2:softmax"), 0, DataRole.PREDICTION, null));
        assertMessage(error, "5 features", "wider than", "line 1");
    }

    @Test
    void libsvmErrorsRejected() throws IOException {
        String[][] cases = {
                {"1 0:1\n", "index 0", "1-based"},
                {"1 2:1 1:1\n", "follows the larger index 2", "ascending"},
                {"1 2:1 2:3\n", "repeats index 2", "duplicates"},
                {"1 2=1\n", "Malformed LIBSVM token '2=1'", "index:value"},
                {"1 x:1\n", "Malformed LIBSVM token 'x:1'", "not an integer"},
                {"1 1:abc\n", "Non-numeric value 'abc'", "index 1"},
        };
        int n = 0;
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("bad" + n++ + ".libsvm"), "0 1:1\n2 3:1\n" + c[0]);
            assertInvalid(file, SPEC, c[1], c[2], "line 3", file.getFileName().toString());
        }
        Path label = Files.writeString(dir.resolve("label.libsvm"), "0 1:1\nyes 3:1\n");
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> TrainingDataLoader.load(spark, new DataOptions(), label.toString(), SPEC, 0));
        assertMessage(error, "Non-numeric value 'yes'", "label", "line 2");
        assertFalse(error.getMessage().contains("--header"), error.getMessage());
    }

    @Test
    void csvErrorsRejected() throws IOException {
        String[][] cases = {
                {"1,,0,0,1\n", "Missing value", "column b"},
                {"1,x,0,0,1\n", "Non-numeric value 'x'", "column b"},
                {"1,0,0,1\n", "has 4 fields, expected 5", "line 3"},
                {"1,NaN,0,0,1\n", "Invalid feature value NaN", "column b"},
                {"1,0,Infinity,0,1\n", "Invalid feature value Infinity", "column c"},
        };
        int n = 0;
        for (String[] c : cases) {
            Path file = Files.writeString(dir.resolve("bad" + n++ + ".csv"), "a,b,c,d,label\n0,0,0,0,0\n" + c[0]);
            InvalidInputException error = assertThrows(InvalidInputException.class, () -> TrainingDataLoader.load(
                    spark, new DataOptions(), file.toString(), NetworkSpec.parse("4,2:softmax"), 0));
            assertMessage(error, c[1], c[2], "line 3");
            // The file was read with its header, so advice to pass --header would mislead.
            assertFalse(error.getMessage().contains("--header"), error.getMessage());
        }
    }

    @Test
    void csvHeaderWithoutHeaderOptionRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("h.csv"), "a,b,c,d,_c4\n0,0,0,0,1\n");
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> TrainingDataLoader.load(spark,
                new DataOptions().header(false).labelColumns("_c4"), file.toString(), NetworkSpec.parse("4,2:softmax"),
                0));
        assertMessage(error, "Non-numeric value 'a'", "line 1", "--header");
    }

    @Test
    void idxErrorsRejected() throws IOException {
        Path images = Files.write(dir.resolve("x-images-idx3-ubyte.gz"), gzip(idxImages(3, 2, 2, new int[12])));
        Files.write(dir.resolve("x-labels-idx1-ubyte.gz"), gzip(idxLabels(2, 0, 1)));
        assertInvalid(images, SPEC, "3 images", "2 labels");

        Path beyond = Files.write(dir.resolve("y-images-idx3-ubyte"), idxImages(2, 2, 2, new int[8]));
        Files.write(dir.resolve("y-labels-idx1-ubyte"), idxLabels(2, 0, 7));
        assertInvalid(beyond, SPEC, "Invalid label 7.0", "y-labels-idx1-ubyte", "row 1");

        byte[] full = idxImages(2, 2, 2, new int[8]);
        Path cut = Files.write(dir.resolve("z-images-idx3-ubyte"), java.util.Arrays.copyOf(full, full.length - 1));
        Files.write(dir.resolve("z-labels-idx1-ubyte"), idxLabels(2, 0, 1));
        assertInvalid(cut, SPEC, "truncated", "row 1");

        Path alone = Files.write(dir.resolve("w-images-idx3-ubyte"), full);
        assertInvalid(alone, SPEC, "No IDX labels file", "--labels-file");

        // A corrupt row count far beyond the file's length must fail before a task allocates the rows.
        Path huge = Files.write(dir.resolve("v-images-idx3-ubyte"), idxImages(Integer.MAX_VALUE, 2, 2, new int[4]));
        Files.write(dir.resolve("v-labels-idx1-ubyte"), idxLabels(Integer.MAX_VALUE, 0));
        assertInvalid(huge, SPEC, "declares " + Integer.MAX_VALUE + " rows", "the file has 20 bytes");

        Path hugeGzip = Files.write(dir.resolve("u-images-idx3-ubyte.gz"),
                gzip(idxImages(Integer.MAX_VALUE, 2, 2, new int[4])));
        Files.write(dir.resolve("u-labels-idx1-ubyte.gz"), gzip(idxLabels(Integer.MAX_VALUE, 0)));
        assertInvalid(hugeGzip, SPEC, "declares " + Integer.MAX_VALUE + " rows", "inflate to at most", "Fix:");

        // 4,000 declared rows of 4 bytes pass the deflate ratio bound, but the gzip trailer states 20 bytes.
        Path shortGzip = Files.write(dir.resolve("t-images-idx3-ubyte.gz"), gzip(idxImages(4000, 2, 2, new int[4])));
        Files.write(dir.resolve("t-labels-idx1-ubyte.gz"), gzip(idxLabels(4000, 0)));
        assertInvalid(shortGzip, SPEC, "declares 4000 rows", "has 20 bytes after gzip decompression", "row 1");
    }

    @Test
    void emptyAndMissingInputRejected() throws IOException {
        Path headerOnly = Files.writeString(dir.resolve("empty.csv"), "a,b,c,d,label\n");
        assertInvalid(headerOnly, SPEC, "No data rows");
        assertInvalid(dir.resolve("missing.csv"), SPEC, "was not found");
        Path unknown = Files.writeString(dir.resolve("data.bin"), "1 2 3\n");
        assertInvalid(unknown, SPEC, "Cannot tell the format", "--format");
        Path notParquet = Files.writeString(dir.resolve("fake.parquet"), "not parquet at all\n");
        assertInvalid(notParquet, SPEC, "Fix:");
    }

    // ---- helpers ----

    private void assertInvalid(Path path, NetworkSpec spec, String... parts) {
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> TrainingDataLoader.load(spark, new DataOptions(), path.toString(), spec, 0));
        assertMessage(error, parts);
    }

    private static void assertMessage(InvalidInputException error, String... parts) {
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), () -> "expected '" + part + "' in: " + error.getMessage());
        }
    }

    private static double[] features(LoadedData data) {
        return data.blocks().collect().stream().flatMapToDouble(b -> java.util.Arrays.stream(b.features())).toArray();
    }

    private static double[] targets(LoadedData data) {
        return data.blocks().collect().stream().flatMapToDouble(b -> java.util.Arrays.stream(b.targets())).toArray();
    }

    private static String value(int pixel) {
        return Double.toString(pixel / 255.0);
    }

    /** Writes the fixture as two CSV part files in one directory, each with its own header line. */
    private String writeCsvParts() throws IOException {
        Path parts = Files.createDirectories(dir.resolve("csv-" + System.nanoTime()));
        for (int part = 0; part < 2; part++) {
            StringBuilder text = new StringBuilder("f1,f2,label,f3,f4\n");
            for (int r = part * 3; r < part * 3 + 3; r++) {
                text.append(value(PIXELS[r][0])).append(',').append(value(PIXELS[r][1])).append(',')
                        .append(LABELS[r]).append(',').append(value(PIXELS[r][2])).append(',')
                        .append(value(PIXELS[r][3])).append('\n');
            }
            Files.writeString(parts.resolve("part-0000" + part + ".csv"), text);
        }
        Files.writeString(parts.resolve("_SUCCESS"), "");
        return parts.toString();
    }

    private String writeLibsvm() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < PIXELS.length; r++) {
            text.append(LABELS[r]);
            for (int j = 0; j < 4; j++) {
                if (PIXELS[r][j] != 0) {
                    text.append(' ').append(j + 1).append(':').append(value(PIXELS[r][j]));
                }
            }
            text.append('\n');
        }
        return Files.writeString(dir.resolve("fixture.libsvm"), text).toString();
    }

    private String writeParquetColumns() {
        StructType schema = new StructType().add("label", DataTypes.LongType)
                .add("f1", DataTypes.DoubleType).add("f2", DataTypes.DoubleType)
                .add("f3", DataTypes.DoubleType).add("f4", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < PIXELS.length; r++) {
            rows.add(RowFactory.create((long) LABELS[r], PIXELS[r][0] / 255.0, PIXELS[r][1] / 255.0,
                    PIXELS[r][2] / 255.0, PIXELS[r][3] / 255.0));
        }
        return writeParquet(spark.createDataFrame(rows, schema), "columns.parquet");
    }

    private String writeParquetArray() {
        StructType schema = new StructType().add("label", DataTypes.IntegerType)
                .add("pixels", DataTypes.createArrayType(DataTypes.DoubleType));
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < PIXELS.length; r++) {
            List<Double> values = new ArrayList<>();
            for (int j = 0; j < 4; j++) {
                values.add(PIXELS[r][j] / 255.0);
            }
            rows.add(RowFactory.create(LABELS[r], values.toArray(Double[]::new)));
        }
        return writeParquet(spark.createDataFrame(rows, schema), "array.parquet");
    }

    /** Writes the struct layout of Spark ML's VectorUDT: even rows sparse (type 0), odd rows dense (type 1). */
    private String writeParquetVector() {
        StructType vector = new StructType().add("type", DataTypes.ByteType, false).add("size", DataTypes.IntegerType)
                .add("indices", DataTypes.createArrayType(DataTypes.IntegerType, false))
                .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false));
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", vector);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < PIXELS.length; r++) {
            Row struct;
            if (r % 2 == 0) {
                List<Integer> indices = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                for (int j = 0; j < 4; j++) {
                    if (PIXELS[r][j] != 0) {
                        indices.add(j);
                        values.add(PIXELS[r][j] / 255.0);
                    }
                }
                struct = RowFactory.create((byte) 0, 4, indices.toArray(Integer[]::new), values.toArray(Double[]::new));
            } else {
                Double[] values = new Double[4];
                for (int j = 0; j < 4; j++) {
                    values[j] = PIXELS[r][j] / 255.0;
                }
                struct = RowFactory.create((byte) 1, null, null, values);
            }
            rows.add(RowFactory.create((double) LABELS[r], struct));
        }
        return writeParquet(spark.createDataFrame(rows, schema), "vector.parquet");
    }

    private String writeParquet(Dataset<Row> frame, String name) {
        String path = dir.resolve(name).toString();
        frame.coalesce(1).write().parquet(path);
        return path;
    }

    private String writeIdx() throws IOException {
        int[] pixels = new int[PIXELS.length * 4];
        for (int r = 0; r < PIXELS.length; r++) {
            System.arraycopy(PIXELS[r], 0, pixels, r * 4, 4);
        }
        Path images = Files.write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(PIXELS.length, 2, 2, pixels)));
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(LABELS.length, LABELS)));
        return images.toString();
    }

    private static byte[] idxImages(int count, int height, int width, int[] pixels) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + pixels.length).putInt(0x803).putInt(count).putInt(height).putInt(width);
        for (int pixel : pixels) {
            buffer.put((byte) pixel);
        }
        return buffer.array();
    }

    private static byte[] idxLabels(int count, int... labels) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length).putInt(0x801).putInt(count);
        for (int label : labels) {
            buffer.put((byte) label);
        }
        return buffer.array();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
