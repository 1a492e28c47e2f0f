package com.shardprop.spark.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link RunRecord} as one self-contained HTML page: summary, charts of loss, accuracy
 * (or RMSE), learning rate and throughput per epoch, the test confusion matrix as a heat map,
 * per-class metrics, the epoch table and the configuration table.
 *
 * <p>The page needs no network access: the Mustache template, its stylesheet and chart script
 * are classpath resources beside this class, and Apache ECharts ({@code echarts.min.js} from the
 * {@code org.webjars.npm:echarts} jar) is inlined together with its licence texts. The run record
 * itself is embedded as the JSON document of {@link MetricsJson} in a
 * {@code <script type="application/json" id="run-data">} element, from which the charts are
 * drawn. The page counts script errors (uncaught exceptions and {@code console.error} calls) in
 * the {@code data-page-errors} attribute of {@code <html>}, lists them at the top of the page,
 * and sets {@code data-render-state="complete"} on {@code <body>} once every chart is drawn.
 */
public final class HtmlReport {

    private static final String RESOURCE_ROOT = "com/shardprop/spark/report";
    private static final DateTimeFormatter TIME_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Mustache template;
    private final String stylesheet;
    private final String chartScript;
    private final ThirdPartyScripts echarts;

    /** Loads the template and the inlined resources from the classpath. */
    public HtmlReport() {
        this.template = new DefaultMustacheFactory(RESOURCE_ROOT).compile("report.mustache");
        this.stylesheet = ThirdPartyScripts.readResource(RESOURCE_ROOT + "/report.css");
        this.chartScript = ThirdPartyScripts.readResource(RESOURCE_ROOT + "/report.js");
        this.echarts = ThirdPartyScripts.echarts();
    }

    /** Writes the page for {@code record} as UTF-8 to {@code out}, which stays open. */
    public void render(RunRecord record, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        template.execute(writer, scope(record));
        writer.flush();
    }

    /** Returns the page for {@code record}. */
    public String render(RunRecord record) {
        StringWriter writer = new StringWriter();
        template.execute(writer, scope(record));
        return writer.toString();
    }

    /** Builds the template's variables; every value shown as text is escaped by Mustache. */
    private Map<String, Object> scope(RunRecord record) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("status", record.status().jsonName());
        scope.put("failure", record.failure());
        scope.put("startedAt", TIME_FORMAT.format(record.startedAt()));
        scope.put("finishedAt", record.finishedAt() == null ? "—" : TIME_FORMAT.format(record.finishedAt()));
        scope.put("duration", record.durationSeconds() == null
                ? "—" : ProgressTracker.format(Duration.ofMillis(Math.round(record.durationSeconds() * 1000))));
        scope.put("modelPath", record.modelPath() == null ? "not saved" : record.modelPath());
        scope.put("summary", summaryCards(record));
        List<Map<String, String>> classes = classRows(record.test());
        scope.put("classes", classes);
        scope.put("hasClasses", !classes.isEmpty());
        scope.put("history", historyRows(record.history()));
        scope.put("configuration", configurationRows(record.configuration()));
        scope.put("runDataJson", scriptSafeJson(MetricsJson.toJson(record)));
        scope.put("stylesheet", stylesheet);
        scope.put("chartScript", chartScript);
        scope.put("echartsScript", echarts.script());
        scope.put("echartsVersion", echarts.version());
        scope.put("licences", echarts.licences());
        return scope;
    }

    private static List<Map<String, String>> summaryCards(RunRecord record) {
        List<Map<String, String>> cards = new ArrayList<>();
        EvaluationMetrics test = record.test();
        if (test != null && test.accuracy() != null) {
            cards.add(card("Test accuracy", formatPercent(test.accuracy())));
        }
        if (test != null && test.rmse() != null) {
            cards.add(card("Test RMSE", formatNumber(test.rmse())));
        }
        if (test != null && test.loss() != null) {
            cards.add(card("Test loss", formatNumber(test.loss())));
        }
        EpochRecord last = record.lastEpoch();
        if (last != null) {
            cards.add(card("Epochs", Integer.toString(last.epoch())));
            cards.add(card("Steps", Long.toString(last.step())));
            cards.add(card("Final training loss", formatNumber(last.trainingLoss())));
        }
        record.history().stream()
                .map(EpochRecord::validationAccuracy)
                .filter(accuracy -> accuracy != null)
                .max(Double::compare)
                .ifPresent(best -> cards.add(card("Best validation accuracy", formatPercent(best))));
        return cards;
    }

    private static Map<String, String> card(String label, String value) {
        return Map.of("label", label, "value", value);
    }

    private static List<Map<String, String>> classRows(EvaluationMetrics test) {
        List<Map<String, String>> rows = new ArrayList<>();
        if (test == null || test.classes() == null) {
            return rows;
        }
        for (ClassMetrics metrics : test.classes()) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("label", Integer.toString(metrics.label()));
            row.put("precision", formatNumber(metrics.precision()));
            row.put("recall", formatNumber(metrics.recall()));
            row.put("f1", formatNumber(metrics.f1()));
            row.put("support", Long.toString(metrics.support()));
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, String>> historyRows(List<EpochRecord> history) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (EpochRecord epoch : history) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("epoch", Integer.toString(epoch.epoch()));
            row.put("step", Long.toString(epoch.step()));
            row.put("trainingLoss", formatNumber(epoch.trainingLoss()));
            row.put("validationLoss", formatNumber(epoch.validationLoss()));
            row.put("validationMetric", epoch.validationRmse() != null
                    ? formatNumber(epoch.validationRmse()) : formatPercent(epoch.validationAccuracy()));
            row.put("learningRate", formatNumber(epoch.learningRate()));
            row.put("epochSeconds", epoch.epochSeconds() == null
                    ? "—" : String.format(Locale.ROOT, "%.1f", epoch.epochSeconds()));
            row.put("examplesPerSecond", epoch.examplesPerSecond() == null
                    ? "—" : String.format(Locale.ROOT, "%,.0f", epoch.examplesPerSecond()));
            rows.add(row);
        }
        return rows;
    }

    private static List<Map<String, String>> configurationRows(Map<String, String> configuration) {
        List<Map<String, String>> rows = new ArrayList<>();
        configuration.forEach((key, value) -> rows.add(Map.of("key", key, "value", String.valueOf(value))));
        return rows;
    }

    /**
     * Makes JSON safe inside a {@code <script>} element: {@code <} can only occur inside JSON
     * strings, where {@code \u003c} means the same character, so no {@code </script>} or
     * {@code <!--} can end the element early.
     */
    static String scriptSafeJson(String json) {
        return json.replace("<", "\\u003c");
    }

    static String formatNumber(Double value) {
        if (value == null) {
            return "—";
        }
        double magnitude = Math.abs(value);
        return magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e6)
                ? String.format(Locale.ROOT, "%.3e", value)
                : String.format(Locale.ROOT, "%.4f", value);
    }

    static String formatPercent(Double fraction) {
        return fraction == null ? "—" : String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }

    /** Writes the report of {@code record} to {@code target} through {@link AtomicHadoopFile}. */
    public void write(RunRecord record, String target, org.apache.hadoop.conf.Configuration hadoopConfiguration)
            throws IOException {
        AtomicHadoopFile.write(target, hadoopConfiguration, out -> render(record, out));
    }
}
