package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsJsonTest {

    /** The field names documented in the README's metrics table, in file order. */
    private static final List<String> TOP_LEVEL_FIELDS = List.of("format", "format_version", "status", "failure",
            "started_at", "finished_at", "duration_seconds", "model_path", "configuration", "history", "test");
    private static final List<String> EPOCH_FIELDS = List.of("epoch", "step", "training_loss", "validation_loss",
            "validation_accuracy", "validation_rmse", "learning_rate", "epoch_seconds", "examples_per_second");
    private static final List<String> TEST_FIELDS = List.of("examples", "loss", "accuracy", "rmse", "classes",
            "confusion_matrix");
    private static final List<String> CLASS_FIELDS = List.of("class", "precision", "recall", "f1", "support");

    @Test
    void roundTripKeepsRecord() throws IOException {
        RunRecord record = SyntheticRun.succeeded();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MetricsJson.write(record, out);

        RunRecord read = MetricsJson.read(new ByteArrayInputStream(out.toByteArray()));

        assertEquals(record, read);
        assertEquals(List.copyOf(record.configuration().keySet()), List.copyOf(read.configuration().keySet()));
    }

    @Test
    void documentedFieldsArePresent() throws IOException {
        JsonNode json = new ObjectMapper().readTree(MetricsJson.toJson(SyntheticRun.succeeded()));

        assertEquals(TOP_LEVEL_FIELDS, fieldNames(json));
        assertEquals(EPOCH_FIELDS, fieldNames(json.get("history").get(0)));
        assertEquals(TEST_FIELDS, fieldNames(json.get("test")));
        assertEquals(CLASS_FIELDS, fieldNames(json.get("test").get("classes").get(0)));
    }

    @Test
    void valuesUseDocumentedForms() throws IOException {
        JsonNode json = new ObjectMapper().readTree(MetricsJson.toJson(SyntheticRun.succeeded()));

        assertEquals(RunRecord.FORMAT, json.get("format").asText());
        assertEquals(1, json.get("format_version").asInt());
        assertEquals("succeeded", json.get("status").asText());
        assertEquals("2026-03-01T10:00:00Z", json.get("started_at").asText());
        assertTrue(json.get("failure").isNull(), "absent values are written as null, not left out");
        assertTrue(json.get("history").get(0).get("validation_accuracy").isNull());
        assertEquals(SyntheticRun.CLASSES, json.get("test").get("confusion_matrix").size());
        assertEquals(SyntheticRun.CLASSES, json.get("test").get("confusion_matrix").get(0).size());
        assertEquals("784,256:relu:0.2,128:relu,10:softmax", json.get("configuration").get("layers").asText());
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        String json = MetricsJson.toJson(SyntheticRun.succeeded()).replaceFirst("\\{", "{\"added_later\": 1,");

        RunRecord read = MetricsJson.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));

        assertEquals(SyntheticRun.succeeded(), read);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
