package com.shardprop.spark.data;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;

/**
 * A position in a text file given as the byte offset of a line's start, as Hadoop's text input
 * reports it. The 1-based line number is found only when an error is described, by counting line
 * breaks from the start of the file up to that offset (decompressing if the file is compressed).
 */
final class TextLocation extends RowLocation {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TextLocation.class);

    private transient Configuration conf;
    private long byteOffset;

    TextLocation(Configuration conf) {
        this.conf = conf;
    }

    /** Moves to the line that starts at {@code byteOffset} of {@code file}. */
    void setLine(String file, long byteOffset) {
        set(file, -1);
        this.byteOffset = byteOffset;
    }

    @Override
    String describe() {
        try {
            return "file " + file() + ", line " + lineNumber();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not count the lines before byte offset {} of {}", byteOffset, file(), e);
            return "file " + file() + ", line starting at byte offset " + byteOffset;
        }
    }

    private long lineNumber() throws IOException {
        Path path = new Path(file());
        FileSystem fs = path.getFileSystem(conf);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
        long line = 1;
        try (FSDataInputStream raw = fs.open(path);
             InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            byte[] buffer = new byte[1 << 16];
            long position = 0;
            while (position < byteOffset) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, byteOffset - position));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line++;
                    }
                }
                position += n;
            }
        }
        return line;
    }
}
