package com.shardprop.bench.mllib;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One cell of the comparison: a measure of one trainer on one workload, summarized as the median
 * and the min–max of its measured runs. A figure without samples carries a text instead, such as
 * "not reached in 150 s".
 */
final class Figure {

    private final String workload;
    private final String measure;
    private final String trainer;
    private final String unit;
    private final List<Double> samples;
    private final String text;
    private final String note;

    private Figure(String workload, String measure, String trainer, String unit, List<Double> samples, String text,
            String note) {
        this.workload = workload;
        this.measure = measure;
        this.trainer = trainer;
        this.unit = unit;
        this.samples = List.copyOf(samples);
        this.text = text;
        this.note = note == null ? "" : note;
    }

    /**
     * Creates a measured figure.
     *
     * @param samples one value per measured run, warm-up runs excluded; at least one
     */
    static Figure measured(String workload, String measure, String trainer, String unit, List<Double> samples,
            String note) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("figure '" + measure + "' of " + trainer + " has no samples");
        }
        return new Figure(workload, measure, trainer, unit, samples, null, note);
    }

    /** Creates a figure whose cell is a text, such as a target that was not reached. */
    static Figure text(String workload, String measure, String trainer, String unit, String text, String note) {
        return new Figure(workload, measure, trainer, unit, List.of(), text, note);
    }

    String workload() {
        return workload;
    }

    String measure() {
        return measure;
    }

    String trainer() {
        return trainer;
    }

    String unit() {
        return unit;
    }

    String note() {
        return note;
    }

    List<Double> samples() {
        return samples;
    }

    boolean isMeasured() {
        return !samples.isEmpty();
    }

    /** Returns the median of the samples (the mean of the middle two for an even count). */
    double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return sorted().get(0);
    }

    double max() {
        return sorted().get(samples.size() - 1);
    }

    /** Returns the cell as printed: the median, or the text of a figure without samples. */
    String cell() {
        return isMeasured() ? format(median()) : text;
    }

    /** Returns the min–max range as printed, or an empty string for a text figure. */
    String range() {
        return isMeasured() ? format(min()) + "–" + format(max()) : "";
    }

    /** Returns the figure as a JSON-ready map. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("workload", workload);
        map.put("measure", measure);
        map.put("trainer", trainer);
        map.put("unit", unit);
        if (isMeasured()) {
            map.put("median", median());
            map.put("min", min());
            map.put("max", max());
            map.put("runs", samples.size());
            map.put("samples", samples);
        } else {
            map.put("text", text);
        }
        map.put("note", note);
        return map;
    }

    /** Formats a value with three significant digits, or as an integer when it is large. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted;
    }
}
