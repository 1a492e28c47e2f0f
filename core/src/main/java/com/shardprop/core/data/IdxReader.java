package com.shardprop.core.data;

import com.shardprop.core.InvalidInputException;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streaming reader of one IDX file, the format of MNIST and Fashion-MNIST, with a bounds check
 * on every read.
 *
 * <p>Layout (all integers big-endian): a 4-byte magic number {@code 0x00 0x00 TYPE DIMS}, then
 * {@code DIMS} 4-byte dimension sizes, then the elements in row-major order. The first dimension
 * counts rows (examples). Only element type {@code 0x08} (unsigned byte) is supported, with 3
 * dimensions for images ({@code n × height × width}) and 1 for labels ({@code n}). A gzip-compressed
 * file is recognised by its first two bytes ({@code 0x1f 0x8b}), not by its name.
 *
 * <p>Every malformed input raises {@link InvalidInputException} naming the source, the byte offset
 * (counted in the uncompressed stream) or row, and the fix. Not thread-safe; closing the reader
 * closes the underlying stream.
 */
public final class IdxReader implements Closeable {

    /** IDX element type code for unsigned bytes, the only type MNIST-style data sets use. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** Number of dimensions of an images file ({@code n × height × width}). */
    public static final int IMAGE_DIMENSIONS = 3;

    /** Number of dimensions of a labels file ({@code n}). */
    public static final int LABEL_DIMENSIONS = 1;

    /** Largest unsigned byte value; pixels are divided by it to scale them to [0, 1]. */
    private static final double MAX_PIXEL = 255.0;

    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;

    private final InputStream in;
    private final String source;
    private final int[] dimensions;
    private final int rowBytes;
    private final byte[] rowBuffer;
    private long offset;
    private long nextRow;

    private IdxReader(InputStream in, String source, int expectedDimensions) throws IOException {
        this.in = in;
        this.source = source;
        this.dimensions = readHeader(expectedDimensions);
        long bytesPerRow = 1;
        for (int d = 1; d < dimensions.length; d++) {
            bytesPerRow *= dimensions[d];
        }
        if (bytesPerRow > Integer.MAX_VALUE - 8) {
            throw invalid("expected a row of at most " + (Integer.MAX_VALUE - 8) + " bytes, found dimensions "
                    + Arrays.toString(dimensions) + " (" + bytesPerRow + " bytes per row)",
                    "check that the file is an MNIST-style IDX file");
        }
        this.rowBytes = (int) bytesPerRow;
        this.rowBuffer = new byte[Math.max(1, rowBytes)];
    }

    /**
     * Opens an IDX images file ({@code n × height × width} unsigned bytes) and reads its header.
     *
     * @param in     the file's bytes, plain or gzip; owned by the reader from now on
     * @param source the file name used in error messages
     * @throws InvalidInputException if the header is missing, truncated or not an images header
     * @throws IOException           if reading fails for a reason other than malformed content
     */
    public static IdxReader openImages(InputStream in, String source) throws IOException {
        return open(in, source, IMAGE_DIMENSIONS);
    }

    /**
     * Opens an IDX labels file ({@code n} unsigned bytes) and reads its header.
     *
     * @param in     the file's bytes, plain or gzip; owned by the reader from now on
     * @param source the file name used in error messages
     * @throws InvalidInputException if the header is missing, truncated or not a labels header
     * @throws IOException           if reading fails for a reason other than malformed content
     */
    public static IdxReader openLabels(InputStream in, String source) throws IOException {
        return open(in, source, LABEL_DIMENSIONS);
    }

    private static IdxReader open(InputStream raw, String source, int expectedDimensions) throws IOException {
        try {
            return new IdxReader(decompressIfGzip(raw, source), source, expectedDimensions);
        } catch (RuntimeException | IOException e) {
            raw.close();
            throw e;
        }
    }

    /** Wraps the stream in a gzip decoder when its first two bytes are the gzip magic number. */
    private static InputStream decompressIfGzip(InputStream raw, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        if (first != GZIP_MAGIC_FIRST || second != GZIP_MAGIC_SECOND) {
            return buffered;
        }
        try {
            return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
        } catch (ZipException | EOFException e) {
            throw new InvalidInputException("IDX file " + source + " starts with the gzip magic number but its gzip"
                    + " header is invalid (" + e.getMessage() + "). Fix: download the file again, or decompress it"
                    + " with gunzip to see the error.", e);
        }
    }

    /** Reads and checks the magic number and dimension sizes; leaves the stream at the first element. */
    private int[] readHeader(int expectedDimensions) throws IOException {
        String kind = expectedDimensions == IMAGE_DIMENSIONS ? "images" : "labels";
        int expectedMagic = (UNSIGNED_BYTE << 8) | expectedDimensions;
        byte[] magic = new byte[4];
        int read = readUpTo(magic, 0, 4);
        if (read == 0) {
            throw invalid("expected an IDX " + kind + " file starting with the magic number "
                    + hex(expectedMagic) + ", found an empty file",
                    "download the file again; it may have been cut off");
        }
        if (read < 4) {
            throw invalid("expected a 4-byte magic number, found only " + read + " bytes at offset 0",
                    "download the file again; it is truncated");
        }
        int found = ((magic[0] & 0xff) << 24) | ((magic[1] & 0xff) << 16) | ((magic[2] & 0xff) << 8) | (magic[3] & 0xff);
        if (magic[0] != 0 || magic[1] != 0) {
            throw invalid("expected the IDX magic number " + hex(expectedMagic) + " (" + kind + ") at offset 0, found "
                    + hex(found), "check that the path names an IDX " + kind + " file (plain or gzip)");
        }
        int type = magic[2] & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw invalid("expected element type 0x08 (unsigned byte) at offset 2, found " + String.format("0x%02x", type),
                    "only unsigned-byte IDX data (MNIST style) is supported; convert the data to Parquet or CSV");
        }
        int dimensionCount = magic[3] & 0xff;
        if (dimensionCount != expectedDimensions) {
            throw invalid("expected " + expectedDimensions + " dimension(s) for an " + kind + " file (magic number "
                    + hex(expectedMagic) + "), found " + dimensionCount + " (magic number " + hex(found) + ") at offset 3",
                    expectedDimensions == IMAGE_DIMENSIONS
                            ? "pass the images file (…-images-idx3-ubyte) as the data path"
                            : "pass the labels file (…-labels-idx1-ubyte) as the labels path");
        }
        int[] sizes = new int[dimensionCount];
        for (int d = 0; d < dimensionCount; d++) {
            long at = offset;
            byte[] size = new byte[4];
            if (readUpTo(size, 0, 4) < 4) {
                throw invalid("expected " + dimensionCount + " dimension sizes in the header, the file ends at offset "
                        + offset, "download the file again; it is truncated");
            }
            sizes[d] = ((size[0] & 0xff) << 24) | ((size[1] & 0xff) << 16) | ((size[2] & 0xff) << 8) | (size[3] & 0xff);
            if (sizes[d] < 0 || (d > 0 && sizes[d] == 0)) {
                throw invalid("expected dimension " + d + " to be " + (d == 0 ? "≥ 0" : "≥ 1") + ", found "
                        + Integer.toUnsignedString(sizes[d]) + " at offset " + at,
                        "check that the file is an MNIST-style IDX file");
            }
        }
        return sizes;
    }

    /** Returns the source name given when opening, used in error messages. */
    public String source() {
        return source;
    }

    /** Returns a copy of the dimension sizes from the header; element 0 is the row count. */
    public int[] dimensions() {
        return dimensions.clone();
    }

    /** Returns the number of rows (examples) the header declares. */
    public int rowCount() {
        return dimensions[0];
    }

    /** Returns the number of values per row: {@code height × width} for images, 1 for labels. */
    public int rowWidth() {
        return rowBytes;
    }

    /** Returns the index of the next row to be read (0 after opening). */
    public long nextRow() {
        return nextRow;
    }

    /**
     * Skips {@code rows} rows without converting them.
     *
     * @throws InvalidInputException if that passes the declared row count or the data ends early
     */
    public void skipRows(long rows) throws IOException {
        checkRowsLeft(rows);
        for (long r = 0; r < rows; r++) {
            readRow();
        }
    }

    /**
     * Reads the next {@code rows} image rows into {@code into[offset …]}, each pixel divided by 255
     * so that values lie in [0, 1]. Writes {@code rows × rowWidth()} doubles, row-major.
     *
     * @param into modified: the scaled pixels are written at {@code offset}
     * @throws InvalidInputException if that passes the declared row count or the data ends early
     */
    public void readPixels(double[] into, int offset, int rows) throws IOException {
        checkRowsLeft(rows);
        int at = offset;
        for (int r = 0; r < rows; r++) {
            readRow();
            for (int i = 0; i < rowBytes; i++) {
                into[at++] = (rowBuffer[i] & 0xff) / MAX_PIXEL;
            }
        }
    }

    /**
     * Reads the next {@code rows} labels (0–255) into {@code into[offset …]}.
     *
     * @param into modified: one label per row is written at {@code offset}
     * @throws IllegalStateException if this is not a labels file
     * @throws InvalidInputException if that passes the declared row count or the data ends early
     */
    public void readLabels(int[] into, int offset, int rows) throws IOException {
        if (rowBytes != 1) {
            throw new IllegalStateException(source + " is not a labels file: rows have " + rowBytes + " values");
        }
        checkRowsLeft(rows);
        for (int r = 0; r < rows; r++) {
            readRow();
            into[offset + r] = rowBuffer[0] & 0xff;
        }
    }

    /**
     * Checks that the stream ends exactly after the declared rows.
     *
     * @throws InvalidInputException if rows are still unread or bytes follow the last row
     */
    public void expectEnd() throws IOException {
        if (nextRow != rowCount()) {
            throw new IllegalStateException(source + ": " + (rowCount() - nextRow) + " rows are still unread");
        }
        if (readUpTo(new byte[1], 0, 1) > 0) {
            throw invalid("expected the file to end after " + rowCount() + " rows of " + rowBytes
                    + " bytes (offset " + (offset - 1) + "), found more bytes",
                    "the header's row count (dimension 0) is too small for the data; download the file again");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void checkRowsLeft(long rows) {
        if (rows < 0 || nextRow + rows > rowCount()) {
            throw new IllegalArgumentException(source + ": cannot read " + rows + " rows from row " + nextRow
                    + ", the file declares " + rowCount());
        }
    }

    /** Reads one row into {@link #rowBuffer}, failing with the row and offset if the data ends early. */
    private void readRow() throws IOException {
        long rowStart = offset;
        int read = readUpTo(rowBuffer, 0, rowBytes);
        if (read < rowBytes) {
            throw invalid("expected " + rowCount() + " rows of " + rowBytes + " bytes as the header declares, the data"
                    + " ends in row " + nextRow + " at offset " + (rowStart + read)
                    + " (" + read + " of " + rowBytes + " bytes of that row present)",
                    "download the file again; it is truncated");
        }
        nextRow++;
    }

    /** Reads until {@code length} bytes or the end of the stream; returns the count read. */
    private int readUpTo(byte[] buffer, int start, int length) throws IOException {
        int total = 0;
        try {
            while (total < length) {
                int n = in.read(buffer, start + total, length - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (EOFException e) {
            // GZIPInputStream raises EOFException when the compressed stream is cut off mid-block.
            throw new InvalidInputException(message("expected more compressed data, the gzip stream ends at"
                    + " uncompressed offset " + (offset + total), "download the file again; it is truncated"), e);
        } catch (ZipException e) {
            throw new InvalidInputException(message("the gzip stream is corrupt near uncompressed offset "
                    + (offset + total) + " (" + e.getMessage() + ")", "download the file again"), e);
        }
        offset += total;
        return total;
    }

    private InvalidInputException invalid(String problem, String fix) {
        return new InvalidInputException(message(problem, fix));
    }

    private String message(String problem, String fix) {
        return "Invalid IDX file " + source + ": " + problem + ". Fix: " + fix + ".";
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
