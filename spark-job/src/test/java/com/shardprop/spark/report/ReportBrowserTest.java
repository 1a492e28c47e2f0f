package com.shardprop.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the rendered report in headless Chromium (Debian's {@code chromium} package) from a
 * {@code file://} URL and fails on any page error: an uncaught exception or a
 * {@code console.error} call, both counted by the page itself in {@code data-page-errors}.
 * Without Chromium the test is skipped, except under {@code CI=true}, where it fails.
 *
 * <p>The page and its screenshot stay in {@code target/report-browser/} for a person to look at.
 */
class ReportBrowserTest {

    private static final long TIMEOUT_SECONDS = 120;
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 2200;
    private static final Path OUTPUT = Path.of("target", "report-browser");

    private static String chromium;
    private static Path page;

    @TempDir
    Path profile;

    @BeforeAll
    static void renderPage() throws IOException {
        chromium = findChromium().orElse(null);
        if (chromium == null) {
            String message = "chromium is not installed (apt-get install -y chromium)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; CI=true requires the browser test to run");
            }
            Assumptions.abort(message + "; skipping the browser test outside CI");
        }
        Files.createDirectories(OUTPUT);
        page = OUTPUT.resolve("report.html").toAbsolutePath();
        Files.writeString(page, new HtmlReport().render(SyntheticRun.succeeded()), StandardCharsets.UTF_8);
    }

    @Test
    void classificationPageRendersWithoutErrors() throws Exception {
        assertRendersWithoutErrors(page, List.of("chart-loss", "chart-quality", "chart-learning-rate",
                "chart-throughput", "chart-confusion"));
    }

    @Test
    void regressionPageRendersWithoutErrors() throws Exception {
        Path regression = OUTPUT.resolve("regression.html").toAbsolutePath();
        Files.writeString(regression, new HtmlReport().render(SyntheticRun.regression()), StandardCharsets.UTF_8);

        assertRendersWithoutErrors(regression, List.of("chart-loss", "chart-quality", "chart-learning-rate",
                "chart-throughput"));
    }

    @Test
    void failedRunPageRendersWithoutErrors() throws Exception {
        Path failed = OUTPUT.resolve("failed.html").toAbsolutePath();
        Files.writeString(failed, new HtmlReport().render(SyntheticRun.failedAtStart()), StandardCharsets.UTF_8);

        // Without a completed epoch every chart shows a "no data" message, drawn by ECharts too.
        assertRendersWithoutErrors(failed, List.of("chart-loss", "chart-quality", "chart-learning-rate",
                "chart-throughput"));
    }

    private void assertRendersWithoutErrors(Path html, List<String> chartIds) throws Exception {
        BrowserRun run = runChromium(List.of("--dump-dom", html.toUri().toString()));
        Document dom = Jsoup.parse(run.stdout());

        assertEquals("0", dom.selectFirst("html").attr("data-page-errors"),
                "page errors: " + dom.select("#page-errors li").eachText());
        assertEquals("complete", dom.body().attr("data-render-state"), "the chart script did not finish");
        for (String id : chartIds) {
            Element chart = dom.getElementById(id);
            assertNotNull(chart, "#" + id);
            assertFalse(chart.select("canvas").isEmpty(), "ECharts drew no canvas in #" + id);
        }
        assertTrue(run.uncaughtErrors().isEmpty(), "errors in the browser log: " + run.uncaughtErrors());
    }

    @Test
    void screenshotShowsCharts() throws Exception {
        Path screenshot = OUTPUT.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        BrowserRun run = runChromium(List.of("--hide-scrollbars", "--screenshot=" + screenshot,
                page.toUri().toString()));

        assertTrue(Files.exists(screenshot), "no screenshot; chromium stderr: " + run.stderr());
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(WIDTH, image.getWidth());
        // A blank or unstyled page has a handful of colours; charts with antialiased lines, a
        // colour scale and text have hundreds.
        assertTrue(distinctColours(image) > 200, "the screenshot looks blank: " + distinctColours(image) + " colours");
        assertTrue(run.uncaughtErrors().isEmpty(), "errors in the browser log: " + run.uncaughtErrors());
    }

    private BrowserRun runChromium(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium,
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(profile, "chromium"),
                "--window-size=" + WIDTH + "," + HEIGHT,
                "--virtual-time-budget=5000",
                "--enable-logging=stderr", "--v=0"));
        command.addAll(arguments);
        Path stdout = Files.createTempFile(profile, "stdout", ".txt");
        Path stderr = Files.createTempFile(profile, "stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        BrowserRun run = new BrowserRun(Files.readString(stdout), Files.readString(stderr));
        assertEquals(0, process.exitValue(), "chromium failed: " + run.stderr());
        return run;
    }

    /** Output of one Chromium run. */
    private record BrowserRun(String stdout, String stderr) {
        /** Returns the console lines of the browser log that report an uncaught error. */
        List<String> uncaughtErrors() {
            return stderr.lines().filter(line -> line.contains("CONSOLE") && line.contains("Uncaught")).toList();
        }
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static Optional<String> findChromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(folder -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(folder, name)))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }
}
