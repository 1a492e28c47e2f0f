package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private static final double TOLERANCE = 1e-12;

    private static RunRecord record;
    private static Document page;

    @BeforeAll
    static void render() {
        record = SyntheticRun.succeeded();
        page = Jsoup.parse(new HtmlReport().render(record));
    }

    @Test
    void embeddedDataMatchesRecord() throws IOException {
        JsonNode data = runData();

        assertEquals(SyntheticRun.EPOCHS, data.get("history").size());
        for (int i = 0; i < SyntheticRun.EPOCHS; i++) {
            EpochRecord epoch = record.history().get(i);
            JsonNode json = data.get("history").get(i);
            assertEquals(epoch.trainingLoss(), json.get("training_loss").asDouble(), TOLERANCE);
            assertEquals(epoch.learningRate(), json.get("learning_rate").asDouble(), TOLERANCE);
            assertEquals(epoch.examplesPerSecond(), json.get("examples_per_second").asDouble(), TOLERANCE);
        }
        assertEquals(record.history().get(1).validationAccuracy(),
                data.get("history").get(1).get("validation_accuracy").asDouble(), TOLERANCE);
    }

    @Test
    void confusionMatrixValuesAreEmbedded() throws IOException {
        JsonNode matrix = runData().get("test").get("confusion_matrix");
        long[][] expected = record.test().confusionMatrix();

        assertEquals(expected.length, matrix.size());
        for (int row = 0; row < expected.length; row++) {
            for (int column = 0; column < expected.length; column++) {
                assertEquals(expected[row][column], matrix.get(row).get(column).asLong(), "cell " + row + "," + column);
            }
        }
    }

    @Test
    void chartContainersExist() {
        for (String id : List.of("chart-loss", "chart-quality", "chart-learning-rate", "chart-throughput",
                "chart-confusion")) {
            assertNotNull(page.getElementById(id), "missing chart element #" + id);
        }
    }

    @Test
    void configurationTableListsOptionsInOrder() {
        List<List<String>> rows = new ArrayList<>();
        for (Element row : page.select("#configuration tr")) {
            rows.add(List.of(row.selectFirst("th").text(), row.selectFirst("td").text()));
        }
        List<List<String>> expected = new ArrayList<>();
        for (Map.Entry<String, String> entry : SyntheticRun.configuration().entrySet()) {
            expected.add(List.of(entry.getKey(), entry.getValue()));
        }

        assertEquals(expected, rows);
        assertTrue(page.select("#configuration b").isEmpty(), "configuration values are escaped, not markup");
    }

    @Test
    void classTableShowsTestMetrics() {
        List<Element> rows = page.select("#class-metrics tbody tr");
        assertEquals(SyntheticRun.CLASSES, rows.size());
        ClassMetrics first = record.test().classes().get(0);
        assertEquals(List.of("0", HtmlReport.formatNumber(first.precision()), HtmlReport.formatNumber(first.recall()),
                HtmlReport.formatNumber(first.f1()), Long.toString(first.support())),
                rows.get(0).select("td").eachText());
    }

    @Test
    void historyTableHasOneRowPerEpoch() {
        assertEquals(SyntheticRun.EPOCHS, page.select("#history tbody tr").size());
    }

    @Test
    void pageLoadsNothingFromNetwork() {
        for (Element element : page.select("[src], [href]")) {
            String reference = element.hasAttr("src") ? element.attr("src") : element.attr("href");
            assertFalse(reference.matches("(?i)^\\s*(https?:)?//.*"), "external reference in " + element.outerHtml());
        }
        assertTrue(page.select("link[rel=stylesheet], script[src]").isEmpty(), "styles and scripts are inlined");
        assertTrue(page.select("script").stream().anyMatch(script -> script.data().contains("echarts")),
                "the charting library is inlined");
    }

    @Test
    void licencesTravelWithLibrary() {
        String licences = page.select("footer details").text();
        assertTrue(licences.contains("Apache License"), "ECharts licence text");
        assertTrue(licences.contains("The Apache Software Foundation"), "ECharts NOTICE text");
        assertTrue(licences.contains("Mike Bostock"), "d3 licence text");
        assertTrue(licences.contains("Baidu"), "ZRender licence text");
    }

    @Test
    void failedRunShowsFailure() {
        RunRecord failed = new RunRecord(RunRecord.FORMAT, RunRecord.FORMAT_VERSION, RunStatus.FAILED,
                "step 3 produced a NaN gradient", SyntheticRun.START, SyntheticRun.START.plusSeconds(5),
                SyntheticRun.configuration(), List.of(), null, null);

        Document failedPage = Jsoup.parse(new HtmlReport().render(failed));

        assertEquals("failed", failedPage.selectFirst(".status").text());
        assertTrue(failedPage.selectFirst(".failure").text().contains("step 3 produced a NaN gradient"));
        assertTrue(failedPage.select("#chart-confusion").isEmpty(), "no confusion matrix without test metrics");
    }

    private static JsonNode runData() throws IOException {
        Element script = page.getElementById("run-data");
        assertNotNull(script, "missing #run-data");
        return new ObjectMapper().readTree(script.data());
    }
}
