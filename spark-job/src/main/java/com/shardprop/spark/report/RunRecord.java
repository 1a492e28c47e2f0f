package com.shardprop.spark.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything recorded about one training run: the resolved configuration, the per-epoch history,
 * the final test metrics and where the model went. {@link MetricsJson} writes it as the
 * {@code --metrics-out} file and {@link HtmlReport} renders it as the {@code --report-out} page;
 * {@link RunRecorder} builds it from the trainer's listener calls.
 *
 * @param format always {@link #FORMAT}, so that a reader can tell the file apart from other JSON
 * @param formatVersion {@link #FORMAT_VERSION}; raised only when a field changes meaning or is
 *     removed (new fields do not raise it)
 * @param status how the run ended, or {@code running} while it has not
 * @param failure the error message of a failed run, otherwise null
 * @param startedAt when the trainer called {@code onStart}
 * @param finishedAt when the run succeeded or failed, null while running
 * @param configuration resolved options in the order the trainer reported them
 * @param history one entry per completed epoch, in order
 * @param test metrics on the test set, null when the run had none
 * @param modelPath where the model file was written, null when it was not
 */
@JsonPropertyOrder({"format", "format_version", "status", "failure", "started_at", "finished_at",
        "duration_seconds", "model_path", "configuration", "history", "test"})
public record RunRecord(
        @JsonProperty("format") String format,
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("status") RunStatus status,
        @JsonProperty("failure") String failure,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("configuration") Map<String, String> configuration,
        @JsonProperty("history") List<EpochRecord> history,
        @JsonProperty("test") EvaluationMetrics test,
        @JsonProperty("model_path") String modelPath) {

    /** Value of the {@code format} field. */
    public static final String FORMAT = "shardprop-run-metrics";

    /** Value of the {@code format_version} field written by this code. */
    public static final int FORMAT_VERSION = 1;

    /** Copies the configuration (keeping its order) and the history. */
    public RunRecord {
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        history = List.copyOf(history);
    }

    /** Wall-clock seconds from start to finish; null while the run has not finished. */
    @JsonProperty(value = "duration_seconds", access = JsonProperty.Access.READ_ONLY)
    public Double durationSeconds() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
    }

    /** Returns the last epoch's summary, or null when no epoch has completed. */
    public EpochRecord lastEpoch() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
