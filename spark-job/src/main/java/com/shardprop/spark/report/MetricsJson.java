package com.shardprop.spark.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Reads and writes a {@link RunRecord} as the {@code --metrics-out} JSON document.
 *
 * <p>Field names are snake_case and fixed by the {@code @JsonProperty} annotations on the record
 * classes; the README lists them. Instants are ISO-8601 strings in UTC
 * ({@code "2026-12-04T20:07:21.123Z"}). Missing values are {@code null}, never omitted, so that
 * every field of a version is present in every file. Readers ignore unknown fields, because newer
 * versions may add some.
 */
public final class MetricsJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new InstantModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private MetricsJson() {}

    /** Writes {@code record} as indented UTF-8 JSON; {@code out} stays open. */
    public static void write(RunRecord record, OutputStream out) throws IOException {
        MAPPER.writeValue(out, record);
    }

    /** Returns {@code record} as indented JSON text. */
    public static String toJson(RunRecord record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (IOException e) {
            // Only in-memory strings are involved, so this is a bug in the record classes.
            throw new UncheckedIOException("Failed to serialize the run record to JSON", e);
        }
    }

    /** Reads a record written by {@link #write}; {@code in} stays open. */
    public static RunRecord read(InputStream in) throws IOException {
        return MAPPER.readerFor(RunRecord.class)
                .without(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
                .readValue(in);
    }
}
