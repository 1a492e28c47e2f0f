package com.shardprop.bench.mllib;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints the figures of a comparison as a Markdown table and writes them as CSV and JSON. */
final class ResultTable {

    private static final List<String> COLUMNS =
            List.of("workload", "measure", "trainer", "median", "min–max", "unit", "runs", "note");

    private final Map<String, String> machine;
    private final List<Figure> figures;

    ResultTable(Map<String, String> machine, List<Figure> figures) {
        this.machine = machine;
        this.figures = List.copyOf(figures);
    }

    /** Prints the machine as a list and the figures as a Markdown table. */
    void print(PrintStream out) {
        for (Map.Entry<String, String> entry : machine.entrySet()) {
            out.println("- " + entry.getKey() + ": " + entry.getValue());
        }
        out.println();
        out.println("| " + String.join(" | ", COLUMNS) + " |");
        out.println("|" + "---|".repeat(COLUMNS.size()));
        for (Figure figure : figures) {
            out.println("| " + String.join(" | ", cells(figure)) + " |");
        }
    }

    /** Writes one CSV line per figure, with a header line; fields are quoted. */
    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(csvLine(List.of("workload", "measure", "trainer", "median", "min", "max", "unit", "runs", "text",
                "note")));
        for (Figure figure : figures) {
            boolean measured = figure.isMeasured();
            lines.add(csvLine(List.of(figure.workload(), figure.measure(), figure.trainer(),
                    measured ? Double.toString(figure.median()) : "",
                    measured ? Double.toString(figure.min()) : "",
                    measured ? Double.toString(figure.max()) : "",
                    figure.unit(), Integer.toString(figure.samples().size()),
                    measured ? "" : figure.cell(), figure.note())));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Writes {@code {"machine": {...}, "figures": [...]}} with every sample of every figure. */
    void writeJson(Path file) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("machine", machine);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure figure : figures) {
            rows.add(figure.toMap());
        }
        document.put("figures", rows);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), document);
    }

    private static List<String> cells(Figure figure) {
        return List.of(figure.workload(), figure.measure(), figure.trainer(), figure.cell(), figure.range(),
                figure.unit(), Integer.toString(figure.samples().size()), figure.note());
    }

    private static String csvLine(List<String> fields) {
        List<String> quoted = new ArrayList<>();
        for (String field : fields) {
            quoted.add('"' + field.replace("\"", "\"\"") + '"');
        }
        return String.join(",", quoted);
    }
}
