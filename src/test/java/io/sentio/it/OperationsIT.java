package io.sentio.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Performance monitor, admin reset, health, metrics and the memory sampler on the shared server. */
@ExtendWith(ArquillianExtension.class)
class OperationsIT {

    @Deployment(testable = false)
    @TargetsContainer("operations")
    static WebArchive war() {
        return Deployments.war("operations");
    }

    @ArquillianResource
    URL deployed;
    static Server server;

    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "operations");
    }

    static HttpResponse<String> reset(String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/api/performance/reset"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Http.send(request);
    }

    @Test
    void performanceCountsTheTrafficSent() throws Exception {
        assertEquals(200, reset("Bearer " + Deployments.ADMIN_TOKEN).statusCode());
        for (int i = 0; i < 7; i++) {
            assertEquals(200, Http.postJson(server.uri("/api/analyze"), "{\"text\": \"a good film " + i + "\"}").statusCode());
        }
        assertEquals(200, Http.postJson(server.uri("/api/analyze"), "{\"texts\": [\"one\", \"two\", \"three\"]}").statusCode());
        for (int i = 0; i < 3; i++) {
            assertEquals(400, Http.postJson(server.uri("/api/analyze"), "{\"text\": \"\"}").statusCode());
        }
        assertEquals(404, Http.postJson(server.uri("/api/analyze"), "{\"text\": \"x\", \"model\": \"nope\"}").statusCode());

        JsonObject p = Http.json(Http.get(server.uri("/api/performance")));
        assertEquals(12, p.getJsonNumber("total_requests").longValue());
        assertEquals(10, p.getJsonNumber("total_texts").longValue());
        assertEquals(12, p.getInt("requests_per_minute"));
        assertEquals(100.0 * 4 / 12, p.getJsonNumber("error_rate").doubleValue(), 0.01);
        assertEquals(8, p.getJsonObject("requests_by_status").getInt("200"));
        assertEquals(3, p.getJsonObject("requests_by_status").getInt("400"));
        assertEquals(1, p.getJsonObject("requests_by_status").getInt("404"));
        assertEquals(3, p.getJsonObject("errors_by_type").getInt("invalid_request"));
        assertEquals(1, p.getJsonObject("errors_by_type").getInt("unknown_model"));
        double min = p.getJsonNumber("min_processing_time").doubleValue();
        double avg = p.getJsonNumber("avg_processing_time").doubleValue();
        double max = p.getJsonNumber("max_processing_time").doubleValue();
        assertTrue(0 < min && min <= avg && avg <= max && max < 30_000, p.toString());
        JsonObject percentiles = p.getJsonObject("latency_percentiles");
        assertTrue(percentiles.getJsonNumber("p50").doubleValue() <= percentiles.getJsonNumber("p99").doubleValue());
        assertTrue(p.getJsonNumber("uptime_seconds").longValue() > 0);
        assertTrue(p.getJsonNumber("memory_usage_mb").doubleValue() > 50);
        JsonObject system = p.getJsonObject("system_metrics");
        assertTrue(system.getInt("threads") > 10);
        assertTrue(system.getJsonNumber("memory_percent").doubleValue() > 0);
        assertTrue(system.containsKey("cpu_percent"));
    }

    @Test
    void resetIsAnAdminOperation() throws Exception {
        HttpResponse<String> anonymous = reset(null);
        assertEquals(401, anonymous.statusCode());
        AnalyzeIT.assertProblem(anonymous, 401);
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        HttpResponse<String> wrong = reset("Bearer not-the-token");
        assertEquals(403, wrong.statusCode());
        AnalyzeIT.assertProblem(wrong, 403);
        Http.postJson(server.uri("/api/analyze"), "{\"text\": \"counted\"}");
        assertEquals(200, reset("Bearer " + Deployments.ADMIN_TOKEN).statusCode());
        assertEquals(0, Http.json(Http.get(server.uri("/api/performance"))).getJsonNumber("total_requests").longValue());
    }

    @Test
    void healthIsUpWithTheDefaultModel() throws Exception {
        for (String path : List.of("/health", "/health/live", "/health/ready", "/health/started")) {
            HttpResponse<String> health = Http.get(server.uri(path));
            assertEquals(200, health.statusCode(), path + " " + health.body());
            assertEquals("UP", Http.json(health).getString("status"));
        }
        assertTrue(Http.get(server.uri("/health/ready")).body().contains("default-model"));
    }

    @Test
    void metricsHoldRequestErrorAndStageMetrics() throws Exception {
        Http.postJson(server.uri("/api/analyze"), "{\"texts\": [\"good\", \"bad\", \"fine\"]}");
        Http.postJson(server.uri("/api/analyze"), "{\"text\": 5}");
        String metrics = Http.get(server.metrics()).body();
        for (String name : List.of("sentio_requests_total", "sentio_errors_total", "sentio_request_duration_seconds",
                "sentio_tokenization_duration_seconds", "sentio_queue_wait_duration_seconds",
                "sentio_inference_duration_seconds", "sentio_batch_size", "sentio_padding_efficiency",
                "sentio_memory_rss_bytes", "sentio_memory_heap_used_bytes", "sentio_abandoned_runs_total",
                "sentio_models_memory_charged_bytes", "sentio_models_memory_budget_bytes")) {
            assertTrue(Pattern.compile("(?m)^# TYPE " + name + " ").matcher(metrics).find(), name + " missing from /metrics");
        }
        assertTrue(metrics.contains("\nsentio_errors_total{type=\"invalid_request\"} "), metrics);
        // seconds, not the microseconds the histogram records
        double seconds = value(metrics, "sentio_request_duration_seconds_sum");
        double requests = value(metrics, "sentio_request_duration_seconds_count");
        assertTrue(requests >= 2 && seconds > 0 && seconds / requests < 30, seconds + " s over " + requests + " requests");
        // histograms with buckets, which add up across replicas: cumulative, the last one counting every request
        assertTrue(metrics.contains("# TYPE sentio_request_duration_seconds histogram\n"), metrics);
        assertEquals(requests, value(metrics, "sentio_request_duration_seconds_bucket{le=\"+Inf\"}"));
        assertTrue(value(metrics, "sentio_request_duration_seconds_bucket{le=\"30\"}") <= requests);
        assertTrue(value(metrics, "sentio_batch_size_bucket{le=\"256\"}") >= 1, "a run of 3 texts at least");
        // the server's own rendering, with the base and vendor metrics: Payara's moved to /mp-metrics, Liberty's at /metrics
        String own = Server.payara() ? "/mp-metrics?scope=base" : "/metrics?scope=base";
        assertTrue(Http.get(server.uri(own)).body().contains("memory_usedHeap_bytes"), own);
        Path saved = Path.of("target", "metrics.txt");
        Files.writeString(saved, metrics);
        promtoolAccepts(saved);
    }

    /** {@code promtool check metrics} (Debian package prometheus); required under CI, where .ci/run installs it. */
    static void promtoolAccepts(Path metrics) throws Exception {
        assumeDebianTool("promtool", "prometheus");
        Process check = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                .redirectInput(metrics.toFile()).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(60, TimeUnit.SECONDS));
        // exit 1 = unparseable, 3 = lint findings: neither is acceptable
        assertEquals(0, check.exitValue(), "promtool check metrics:\n" + output);
    }

    /**
     * Skips the test where {@code tool} (from the Debian package {@code debianPackage}) is not on the PATH, and fails
     * it instead under CI or with {@code -Dsentio.require.TOOL=true}, where .ci/run has installed it.
     */
    static void assumeDebianTool(String tool, String debianPackage) throws InterruptedException {
        boolean available = debianTool(tool);
        if (Boolean.getBoolean("sentio.require." + tool) || "true".equals(System.getenv("CI"))) {
            assertTrue(available, tool + " is required (sentio.require." + tool + ", or CI) but not on the PATH");
        }
        assumeTrue(available, tool + " not installed (apt-get install " + debianPackage + ")");
    }

    /** Whether {@code tool} is on the PATH and answers {@code --version}. */
    static boolean debianTool(String tool) {
        try {
            return new ProcessBuilder(tool, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The value of an unlabelled sample in Prometheus text; fails the test where it is missing. */
    static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), name + " missing from /metrics:\n" + metrics);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void memoryHistoryGrowsOnSchedule() throws Exception {
        int before = memoryHistory();
        // the shared server samples every second
        assertTrue(Await.until(Duration.ofSeconds(10), () -> memoryHistory() >= before + 2),
                "history grew from " + before + " to " + memoryHistory() + " samples in 10 s");
        JsonObject memory = Http.json(Http.get(server.uri("/api/performance"))).getJsonObject("memory");
        assertTrue(memory.getJsonObject("peak").getJsonNumber("rss_mb").doubleValue() > 50);
        assertTrue(Http.get(server.metrics()).body().contains("\nsentio_memory_rss_bytes "));
    }

    static int memoryHistory() throws IOException, InterruptedException {
        return Http.json(Http.get(server.uri("/api/performance"))).getJsonObject("memory").getJsonArray("history").size();
    }
}
