package com.shardprop.core.data;

import com.shardprop.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {

    private static final Path SAMPLE = Path.of("src", "test", "resources", "fashion-mnist-sample");
    private static final double TOLERANCE = 1e-12;

    @TempDir
    Path dir;

    @Test
    void readsCommittedFashionMnistSample() throws IOException {
        LabeledImages train = LabeledImages.read(SAMPLE.resolve("train-images-idx3-ubyte.gz"),
                SAMPLE.resolve("train-labels-idx1-ubyte.gz"));

        assertEquals(4000, train.rows());
        assertEquals(784, train.width());
        assertEquals(4000 * 784, train.pixels().length);
        // First labels and the first image's pixel sum (76247 / 255) were read from the same file with Python's gzip.
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(train.labels(), 10));
        double firstImageSum = 0;
        for (int i = 0; i < 784; i++) {
            firstImageSum += train.pixels()[i];
        }
        assertEquals(76247 / 255.0, firstImageSum, 1e-9);
        double min = Arrays.stream(train.pixels()).min().orElseThrow();
        double max = Arrays.stream(train.pixels()).max().orElseThrow();
        assertEquals(0.0, min, TOLERANCE);
        assertEquals(1.0, max, TOLERANCE);
    }

    @Test
    void plainAndGzipGiveSameValues() throws IOException {
        byte[] images = imagesFile(3, 2, 2, 0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8);
        byte[] labels = labelsFile(3, 4, 0, 9);
        // A gzip file named without .gz: the reader must go by the magic bytes.
        Path plainImages = write("a-images", images);
        Path plainLabels = write("a-labels", labels);
        Path gzipImages = write("b-images", gzip(images));
        Path gzipLabels = write("b-labels.idx", gzip(labels));

        LabeledImages plain = LabeledImages.read(plainImages, plainLabels);
        LabeledImages compressed = LabeledImages.read(gzipImages, gzipLabels);

        assertArrayEquals(new double[] {0, 1, 0.2, 0.4, 1 / 255.0, 2 / 255.0, 3 / 255.0, 4 / 255.0,
                5 / 255.0, 6 / 255.0, 7 / 255.0, 8 / 255.0}, plain.pixels(), TOLERANCE);
        assertArrayEquals(plain.pixels(), compressed.pixels(), 0.0);
        assertArrayEquals(new int[] {4, 0, 9}, plain.labels());
        assertArrayEquals(new int[] {4, 0, 9}, compressed.labels());
        assertArrayEquals(new double[] {4, 0, 9}, plain.targets(), 0.0);
    }

    @Test
    void skipRowsThenReadsRange() throws IOException {
        byte[] images = imagesFile(3, 1, 2, 10, 20, 30, 40, 50, 60);
        try (IdxReader reader = IdxReader.openImages(new ByteArrayInputStream(gzip(images)), "mem")) {
            reader.skipRows(1);
            double[] out = new double[4];
            reader.readPixels(out, 0, 2);
            assertArrayEquals(new double[] {30 / 255.0, 40 / 255.0, 50 / 255.0, 60 / 255.0}, out, TOLERANCE);
            assertEquals(3, reader.nextRow());
            reader.expectEnd();
        }
    }

    @Test
    void emptyFileRejected() throws IOException {
        Path empty = write("train-images-idx3-ubyte", new byte[0]);
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> LabeledImages.read(empty, write("labels", labelsFile(0))));
        assertMessage(error, empty.toString(), "empty file", "Fix:");
    }

    @Test
    void wrongMagicRejected() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0};
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> openImages(png));
        assertMessage(error, "mem-file", "0x00000803", "0x89504e47", "offset 0", "Fix:");
    }

    @Test
    void unsupportedElementTypeRejected() {
        byte[] floats = ByteBuffer.allocate(8).putInt(0x00000D01).putInt(0).array();
        InvalidInputException error = assertThrows(InvalidInputException.class,
                () -> IdxReader.openLabels(new ByteArrayInputStream(floats), "mem-file"));
        assertMessage(error, "mem-file", "element type 0x08", "found 0x0d", "offset 2", "Fix:");
    }

    @Test
    void labelsFileAsImagesRejected() {
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> openImages(labelsFile(2, 1, 2)));
        assertMessage(error, "mem-file", "expected 3 dimension(s)", "found 1", "Fix: pass the images file");
    }

    @Test
    void zeroImageHeightRejected() {
        byte[] header = ByteBuffer.allocate(16).putInt(0x803).putInt(5).putInt(0).putInt(28).array();
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> openImages(header));
        assertMessage(error, "mem-file", "dimension 1", "found 0", "offset 8");
    }

    @Test
    void truncatedHeaderRejected() {
        byte[] header = ByteBuffer.allocate(10).putInt(0x803).putInt(5).array();
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> openImages(header));
        assertMessage(error, "mem-file", "3 dimension sizes", "offset 10", "truncated");
    }

    @Test
    void truncatedPixelsRejectedWithRowAndOffset() throws IOException {
        byte[] full = imagesFile(3, 2, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        byte[] cut = Arrays.copyOf(full, full.length - 3);
        for (byte[] bytes : List.of(cut, gzip(cut))) {
            InvalidInputException error = assertThrows(InvalidInputException.class, () -> {
                try (IdxReader reader = openImages(bytes)) {
                    reader.readPixels(new double[12], 0, 3);
                }
            });
            assertMessage(error, "mem-file", "row 2", "offset 25", "1 of 4 bytes", "truncated");
        }
    }

    @Test
    void gzipCutMidStreamRejected() throws IOException {
        byte[] compressed = gzip(imagesFile(200, 28, 28, new int[200 * 784]));
        byte[] cut = Arrays.copyOf(compressed, compressed.length / 2);
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> {
            try (IdxReader reader = openImages(cut)) {
                reader.skipRows(200);
            }
        });
        assertMessage(error, "mem-file", "truncated");
    }

    @Test
    void trailingBytesRejected() throws IOException {
        byte[] full = imagesFile(1, 1, 2, 1, 2);
        byte[] longer = Arrays.copyOf(full, full.length + 2);
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> {
            try (IdxReader reader = openImages(longer)) {
                reader.skipRows(1);
                reader.expectEnd();
            }
        });
        assertMessage(error, "mem-file", "end after 1 rows", "found more bytes");
    }

    @Test
    void imageLabelCountMismatchRejected() throws IOException {
        Path images = write("x-images-idx3-ubyte", imagesFile(2, 1, 1, 3, 4));
        Path labels = write("x-labels-idx1-ubyte", labelsFile(3, 0, 1, 2));
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> LabeledImages.read(images, labels));
        assertMessage(error, images.toString(), labels.toString(), "2 images", "3 labels", "Fix:");
    }

    @Test
    void missingFileRejected() {
        Path missing = dir.resolve("nope-images-idx3-ubyte.gz");
        InvalidInputException error = assertThrows(InvalidInputException.class, () -> LabeledImages.read(missing, missing));
        assertMessage(error, missing.toString(), "not found");
    }

    @Test
    void labelFileCandidatesFollowStandardNames() {
        assertEquals(List.of("train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte"),
                IdxFileNames.labelFileCandidates("train-images-idx3-ubyte.gz"));
        assertEquals(List.of("t10k-labels.idx1-ubyte", "t10k-labels.idx1-ubyte.gz"),
                IdxFileNames.labelFileCandidates("t10k-images.idx3-ubyte"));
        assertEquals(List.of(), IdxFileNames.labelFileCandidates("pixels.bin"));
    }

    private static IdxReader openImages(byte[] bytes) throws IOException {
        return IdxReader.openImages(new ByteArrayInputStream(bytes), "mem-file");
    }

    private static void assertMessage(InvalidInputException error, String... parts) {
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), () -> "expected '" + part + "' in: " + error.getMessage());
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static byte[] imagesFile(int count, int height, int width, int... pixels) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + pixels.length).putInt(0x803).putInt(count).putInt(height).putInt(width);
        for (int pixel : pixels) {
            buffer.put((byte) pixel);
        }
        return buffer.array();
    }

    static byte[] labelsFile(int count, int... labels) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length).putInt(0x801).putInt(count);
        for (int label : labels) {
            buffer.put((byte) label);
        }
        return buffer.array();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}
