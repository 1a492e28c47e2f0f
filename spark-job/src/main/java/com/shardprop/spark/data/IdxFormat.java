package com.shardprop.spark.data;

import com.shardprop.core.InvalidInputException;
import com.shardprop.core.data.IdxFileNames;
import com.shardprop.core.data.IdxReader;
import com.shardprop.core.data.LabeledImages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an IDX images file and its labels file through the Hadoop file system. The driver reads
 * only the two headers; each task opens both files, skips to its contiguous range of rows and
 * packs them, so the data never passes through the driver. Pixels are scaled to [0, 1].
 */
final class IdxFormat {

    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;
    /** The smallest gzip file: a 10-byte header and an 8-byte trailer (CRC-32 and ISIZE), RFC 1952. */
    private static final int GZIP_MIN_BYTES = 18;
    /** Deflate's maximum expansion: a 258-byte match takes at least 2 bits, so 258 * 8 / 2 = 1032 times. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private IdxFormat() {
    }

    /**
     * @param labelsPath the labels file, or null to look for the standard name next to the images file
     * @param partitions the number of partitions (row ranges) to read
     */
    static JavaRDD<DataBlock> read(JavaSparkContext sc, Path images, String labelsPath, int partitions,
                                   RowChecker checker) throws IOException {
        Configuration hadoopConf = sc.hadoopConfiguration();
        boolean withLabels = checker.role() != DataRole.PREDICTION;
        Path labels = withLabels ? labelsFile(images, labelsPath, hadoopConf) : null;
        if (checker.targetWidth() > 1) {
            throw new InvalidInputException("IDX labels are one class index per image, but the output layer takes "
                    + checker.targetWidth() + " targets per row. Fix: use a softmax output layer for IDX data.");
        }

        int rowCount;
        try (IdxReader imageHeader = open(images, hadoopConf, true)) {
            rowCount = imageHeader.rowCount();
            RowLocation where = new RowLocation();
            where.set(images.toString(), -1);
            checker.checkWidth(imageHeader.rowWidth(), false, where, "");
            checkLength(images, imageHeader, hadoopConf);
            if (labels != null) {
                try (IdxReader labelHeader = open(labels, hadoopConf, false)) {
                    LabeledImages.checkSameRowCount(imageHeader, labelHeader);
                    checkLength(labels, labelHeader, hadoopConf);
                }
            }
        }

        List<Integer> ranges = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ranges.add(p);
        }
        Broadcast<SerializableConfiguration> conf = ReaderConfiguration.broadcast(sc, hadoopConf);
        String imagesName = images.toString();
        String labelsName = labels == null ? null : labels.toString();
        return sc.parallelize(ranges, partitions).mapPartitions(indices -> {
            List<DataBlock> blocks = new ArrayList<>();
            while (indices.hasNext()) {
                int p = indices.next();
                long first = (long) rowCount * p / partitions;
                long end = (long) rowCount * (p + 1) / partitions;
                blocks.add(readRange(conf.value().value(), imagesName, labelsName, first, (int) (end - first), checker));
            }
            return blocks.iterator();
        });
    }

    private static DataBlock readRange(Configuration conf, String imagesName, String labelsName, long first, int rows,
                                       RowChecker checker) throws IOException {
        int width = checker.featureWidth();
        double[] features = new double[rows * width];
        double[] targets = new double[rows * checker.targetWidth()];
        boolean last;
        try (IdxReader images = open(new Path(imagesName), conf, true)) {
            images.skipRows(first);
            images.readPixels(features, 0, rows);
            last = images.nextRow() == images.rowCount();
            if (last) {
                images.expectEnd();
            }
        }
        if (labelsName != null) {
            int[] labels = new int[rows];
            try (IdxReader labelReader = open(new Path(labelsName), conf, false)) {
                labelReader.skipRows(first);
                labelReader.readLabels(labels, 0, rows);
                if (last) {
                    labelReader.expectEnd();
                }
            }
            RowLocation where = new RowLocation();
            for (int r = 0; r < rows; r++) {
                where.set(labelsName, first + r);
                targets[r] = checker.checkLabel(labels[r], "label", where);
            }
        }
        return new DataBlock(rows, width, checker.targetWidth(), rows == 0 ? 0 : width, features, targets);
    }

    /**
     * Rejects an IDX file shorter than its header declares, before a task allocates the declared rows:
     * a corrupt row count would otherwise exhaust the executor's heap. A plain file is checked by its
     * length, a gzip file by the uncompressed size its trailer states.
     */
    private static void checkLength(Path file, IdxReader header, Configuration conf) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        long fileBytes = fs.getFileStatus(file).getLen();
        // The header is the magic number and one 4-byte size per dimension.
        long headerBytes = 4L + 4L * header.dimensions().length;
        long declared = headerBytes + (long) header.rowCount() * header.rowWidth();
        boolean gzip;
        try (InputStream in = fs.open(file)) {
            gzip = in.read() == GZIP_MAGIC_FIRST && in.read() == GZIP_MAGIC_SECOND;
        }
        if (!gzip) {
            if (fileBytes < declared) {
                throw tooShort(file, header, declared, fileBytes + " bytes", (fileBytes - headerBytes));
            }
            return;
        }

        long maxInflated = fileBytes * MAX_DEFLATE_RATIO;
        if (declared > maxInflated) {
            throw tooShort(file, header, declared, fileBytes + " compressed bytes, which inflate to at most "
                    + maxInflated + " bytes", -1);
        }
        // The gzip trailer ends with ISIZE, the uncompressed size mod 2^32 as a little-endian uint32.
        // NOTE: ISIZE is the whole size only for a single-member gzip file under 4 GiB, so the check is skipped
        // for a larger declared size, and a multi-member file (concatenated gzip streams) is wrongly rejected
        // when its last member is shorter than the declared data.
        if (declared < (1L << 32) && fileBytes >= GZIP_MIN_BYTES) {
            byte[] trailer = new byte[4];
            try (FSDataInputStream in = fs.open(file)) {
                in.readFully(fileBytes - 4, trailer);
            }
            long inflated = ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            if (inflated < declared) {
                throw tooShort(file, header, declared, inflated + " bytes after gzip decompression (the gzip"
                        + " trailer's size field)", inflated - headerBytes);
            }
        }
    }

    /** @param dataBytes the bytes present after the header, or negative when unknown */
    private static InvalidInputException tooShort(Path file, IdxReader header, long declared, String actual,
                                                  long dataBytes) {
        String lastRow = dataBytes < 0 ? "" : ", so the data ends in row " + dataBytes / header.rowWidth();
        return new InvalidInputException("Invalid IDX file " + file + ": the header declares " + header.rowCount()
                + " rows of " + header.rowWidth() + " bytes, " + declared + " bytes with the header, but the file"
                + " has " + actual + lastRow + ". Fix: download the file again; it is truncated or corrupt.");
    }

    private static IdxReader open(Path file, Configuration conf, boolean images) throws IOException {
        FileSystem fs = file.getFileSystem(conf);
        return images ? IdxReader.openImages(fs.open(file), file.toString())
                : IdxReader.openLabels(fs.open(file), file.toString());
    }

    private static Path labelsFile(Path images, String explicit, Configuration conf) throws IOException {
        if (explicit != null) {
            Path labels = new Path(explicit);
            if (!labels.getFileSystem(conf).exists(labels)) {
                throw new InvalidInputException("IDX labels file " + explicit + " (--labels-file) was not found."
                        + " Fix: check the path.");
            }
            return labels;
        }
        List<String> candidates = IdxFileNames.labelFileCandidates(images.getName());
        FileSystem fs = images.getFileSystem(conf);
        for (String candidate : candidates) {
            Path labels = new Path(images.getParent(), candidate);
            if (fs.exists(labels)) {
                return labels;
            }
        }
        throw new InvalidInputException("No IDX labels file found for images file " + images + (candidates.isEmpty()
                ? " (its name does not follow the pattern …-images-idx3-ubyte[.gz])"
                : "; looked for " + candidates + " in " + images.getParent())
                + ". Fix: pass the labels file with --labels-file.");
    }
}
