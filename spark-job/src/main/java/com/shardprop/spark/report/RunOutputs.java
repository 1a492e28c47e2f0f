package com.shardprop.spark.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a finished {@link RunRecord} to the {@code --metrics-out} JSON file and the
 * {@code --report-out} HTML page, each atomically through {@link AtomicHadoopFile}. Either path
 * may be null to skip that file.
 */
public final class RunOutputs implements Consumer<RunRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(RunOutputs.class);

    private final String metricsPath;
    private final String reportPath;
    private final Configuration hadoopConfiguration;

    /**
     * @param metricsPath where to write the metrics JSON, or null
     * @param reportPath where to write the HTML report, or null
     * @param hadoopConfiguration resolves the paths' file systems (Spark's
     *     {@code sparkContext().hadoopConfiguration()})
     */
    public RunOutputs(String metricsPath, String reportPath, Configuration hadoopConfiguration) {
        this.metricsPath = metricsPath;
        this.reportPath = reportPath;
        this.hadoopConfiguration = hadoopConfiguration;
    }

    /**
     * Writes the files.
     *
     * @throws UncheckedIOException when a file cannot be written; nothing is left at its path
     */
    @Override
    public void accept(RunRecord record) {
        try {
            if (metricsPath != null) {
                AtomicHadoopFile.write(metricsPath, hadoopConfiguration, out -> MetricsJson.write(record, out));
                LOG.info("Wrote run metrics to {}", metricsPath);
            }
            if (reportPath != null) {
                new HtmlReport().write(record, reportPath, hadoopConfiguration);
                LOG.info("Wrote the training report to {}", reportPath);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to write the run's metrics or report: " + e.getMessage(), e);
        }
    }
}
