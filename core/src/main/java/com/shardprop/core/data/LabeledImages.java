package com.shardprop.core.data;

import com.shardprop.core.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An in-memory image data set read from a pair of IDX files: pixels scaled to [0, 1] in an
 * {@code n × width} row-major array (one image per row) and one class label per row.
 */
public final class LabeledImages {

    private final int rows;
    private final int width;
    private final double[] pixels;
    private final int[] labels;

    private LabeledImages(int rows, int width, double[] pixels, int[] labels) {
        this.rows = rows;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
    }

    /**
     * Reads an IDX images file and its labels file (each plain or gzip) completely.
     *
     * @throws InvalidInputException if a file is missing or malformed, or the two row counts differ
     * @throws IOException           if reading fails for a reason other than malformed content
     */
    public static LabeledImages read(Path imagesFile, Path labelsFile) throws IOException {
        try (IdxReader images = IdxReader.openImages(open(imagesFile), imagesFile.toString());
             IdxReader labelReader = IdxReader.openLabels(open(labelsFile), labelsFile.toString())) {
            checkSameRowCount(images, labelReader);
            long values = (long) images.rowCount() * images.rowWidth();
            if (values > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException("IDX file " + imagesFile + " holds " + images.rowCount() + " images of "
                        + images.rowWidth() + " pixels (" + values + " values), more than one Java array can hold."
                        + " Fix: read it with the Spark loader, which splits it across partitions.");
            }
            double[] pixels = new double[(int) values];
            images.readPixels(pixels, 0, images.rowCount());
            images.expectEnd();
            int[] labels = new int[labelReader.rowCount()];
            labelReader.readLabels(labels, 0, labels.length);
            labelReader.expectEnd();
            return new LabeledImages(images.rowCount(), images.rowWidth(), pixels, labels);
        }
    }

    /**
     * Checks that an images reader and a labels reader declare the same number of rows.
     *
     * @throws InvalidInputException naming both files and both counts if they differ
     */
    public static void checkSameRowCount(IdxReader images, IdxReader labels) {
        if (images.rowCount() != labels.rowCount()) {
            throw new InvalidInputException("IDX images file " + images.source() + " declares " + images.rowCount()
                    + " images but labels file " + labels.source() + " declares " + labels.rowCount()
                    + " labels; expected one label per image. Fix: pass the labels file that belongs to these images"
                    + " (train-images goes with train-labels, t10k-images with t10k-labels).");
        }
    }

    private static InputStream open(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("IDX file " + file + " was not found. Fix: check the path.", e);
        }
    }

    /** Returns the number of images. */
    public int rows() {
        return rows;
    }

    /** Returns the number of pixels per image ({@code height × width}). */
    public int width() {
        return width;
    }

    /** Returns the pixels, {@code rows × width} row-major in [0, 1]; the array is shared, not copied. */
    public double[] pixels() {
        return pixels;
    }

    /** Returns the class labels, one per row; the array is shared, not copied. */
    public int[] labels() {
        return labels;
    }

    /** Returns the labels as a {@code rows × 1} target array of class indices, the form softmax training takes. */
    public double[] targets() {
        double[] targets = new double[rows];
        for (int r = 0; r < rows; r++) {
            targets[r] = labels[r];
        }
        return targets;
    }
}
