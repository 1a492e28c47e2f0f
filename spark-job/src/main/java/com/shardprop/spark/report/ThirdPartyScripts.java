package com.shardprop.spark.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Apache ECharts script and its licence texts, read from the webjars on the classpath.
 *
 * <p>{@code echarts.min.js} bundles ZRender (BSD 3-Clause) and tslib helpers (0BSD), and embeds
 * parts of d3 (BSD 3-Clause), so the report carries the ECharts LICENSE and NOTICE, the d3
 * licence and the ZRender and tslib licences along with the script.
 *
 * @param version ECharts version, from the webjar's Maven metadata
 * @param script the minified library, checked to contain no {@code </script}
 * @param licences name and text of each licence, in the order shown on the page
 */
record ThirdPartyScripts(String version, String script, List<Map<String, String>> licences) {

    private static final String WEBJARS = "META-INF/resources/webjars/";

    /** Loads ECharts and its licences; fails when a webjar is missing from the classpath. */
    static ThirdPartyScripts echarts() {
        String version = webjarVersion("echarts");
        String root = WEBJARS + "echarts/" + version + "/";
        String script = readResource(root + "dist/echarts.min.js");
        if (script.toLowerCase(Locale.ROOT).contains("</script")) {
            throw new IllegalStateException(root + "dist/echarts.min.js contains \"</script\", which would end"
                    + " the inline script element early; pin an ECharts version without it.");
        }
        String zrender = WEBJARS + "zrender/" + webjarVersion("zrender") + "/";
        String tslib = WEBJARS + "tslib/" + webjarVersion("tslib") + "/";
        List<Map<String, String>> licences = List.of(
                licence("Apache ECharts " + version + " — NOTICE", readResource(root + "NOTICE")),
                licence("Apache ECharts " + version + " — LICENSE (Apache License 2.0)", readResource(root + "LICENSE")),
                licence("d3 (embedded in ECharts) — BSD 3-Clause", readResource(root + "licenses/LICENSE-d3")),
                licence("ZRender (bundled in ECharts) — BSD 3-Clause", readResource(zrender + "LICENSE")),
                licence("tslib (bundled in ECharts) — 0BSD", readResource(tslib + "LICENSE.txt")));
        return new ThirdPartyScripts(version, script, licences);
    }

    private static Map<String, String> licence(String name, String text) {
        return Map.of("name", name, "text", text);
    }

    /** Reads the version of an npm webjar from its Maven {@code pom.properties}. */
    private static String webjarVersion(String artifactId) {
        String name = "META-INF/maven/org.webjars.npm/" + artifactId + "/pom.properties";
        for (String line : readResource(name).split("\\R")) {
            if (line.startsWith("version=")) {
                return line.substring("version=".length()).trim();
            }
        }
        throw new IllegalStateException(name + " has no version= line; the webjar is damaged, so rebuild"
                + " the application jar with Maven.");
    }

    /** Reads a UTF-8 classpath resource; fails with the resource name when it is missing. */
    static String readResource(String name) {
        InputStream in = ThirdPartyScripts.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Classpath resource " + name
                    + " is missing; the application jar is incomplete, so rebuild it with Maven.");
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read classpath resource " + name, e);
        }
    }
}
