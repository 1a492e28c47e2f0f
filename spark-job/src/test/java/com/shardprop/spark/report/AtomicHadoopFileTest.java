package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicHadoopFileTest {

    @TempDir
    Path folder;

    @Test
    void writesNewFileWithoutSideFiles() throws IOException {
        Path target = folder.resolve("nested/metrics.json");

        AtomicHadoopFile.write(target.toString(), new Configuration(), out -> out.write(bytes("first")));

        assertEquals("first", Files.readString(target));
        assertEquals(List.of("metrics.json"), fileNames(target.getParent()));
    }

    @Test
    void replacesExistingFile() throws IOException {
        Path target = folder.resolve("metrics.json");
        Files.writeString(target, "old");

        AtomicHadoopFile.write(target.toUri().toString(), new Configuration(), out -> out.write(bytes("new")));

        assertEquals("new", Files.readString(target));
        assertEquals(List.of("metrics.json"), fileNames(folder));
    }

    @Test
    void failedWriteKeepsOldFile() throws IOException {
        Path target = folder.resolve("metrics.json");
        Files.writeString(target, "old");

        IOException error = assertThrows(IOException.class, () -> AtomicHadoopFile.write(target.toString(),
                new Configuration(), out -> {
                    out.write(bytes("partial"));
                    throw new IOException("disk full");
                }));

        assertEquals("disk full", error.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("metrics.json"), fileNames(folder), "the temporary file is removed");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
