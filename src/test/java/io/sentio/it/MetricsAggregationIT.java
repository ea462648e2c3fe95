package io.sentio.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Sentio instances scraped by a real Prometheus server (Debian's {@code prometheus}, required under CI like
 * promtool): the request-duration histograms of both add up, and the cluster-wide p99 that the README gives,
 * {@code histogram_quantile(0.99, sum by (le) (rate(sentio_request_duration_seconds_bucket[1m])))}, has a value.
 */
@ExtendWith(ArquillianExtension.class)
class MetricsAggregationIT {

    @Deployment(name = "first", testable = false)
    @TargetsContainer("metrics-a")
    static WebArchive first() {
        return Deployments.war("metrics-a");
    }

    @Deployment(name = "second", testable = false)
    @TargetsContainer("metrics-b")
    static WebArchive second() {
        return Deployments.war("metrics-b");
    }

    @ArquillianResource
    @OperateOnDeployment("first")
    URL firstUrl;
    @ArquillianResource
    @OperateOnDeployment("second")
    URL secondUrl;

    static final String P99 = "histogram_quantile(0.99, sum by (le) (rate(sentio_request_duration_seconds_bucket[1m])))";

    @Test
    void prometheusAddsUpTheHistogramsOfTwoInstances() throws Exception {
        OperationsIT.assumeDebianTool("prometheus", "prometheus");
        Path dir = Files.createTempDirectory(Path.of("target"), "prometheus-");
        Server first = Server.at(firstUrl, "metrics-a");
        Server second = Server.at(secondUrl, "metrics-b");
        int port = Server.freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: sentio
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s', '%s']
                """.formatted(first.metrics().getPath(), hostPort(first.uri("/")), hostPort(second.uri("/"))));
        Process prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            URI api = URI.create("http://127.0.0.1:" + port);
            assertTrue(Await.until(Duration.ofSeconds(60), () -> scalar(api, "count(up == 1)") == 2),
                    "Prometheus scrapes both instances: " + Files.readString(dir.resolve("prometheus.log")));
            double before = scalar(api, "sum(sentio_request_duration_seconds_count)");
            for (int i = 0; i < 20; i++) {
                Server target = i % 2 == 0 ? first : second;
                assertEquals(200, Http.postJson(target.uri("/api/analyze"), "{\"text\": \"request " + i
                        + " to see in the cluster's histogram\"}").statusCode());
            }
            // both instances' counts, added up in the next scrapes
            assertTrue(Await.until(Duration.ofSeconds(30),
                    () -> scalar(api, "sum(sentio_request_duration_seconds_count)") >= before + 20),
                    "Prometheus adds up the requests of both instances");
            assertEquals(2, scalar(api, "count(sentio_request_duration_seconds_count)"), "one series per instance");
            double[] p99 = {Double.NaN};
            assertTrue(Await.until(Duration.ofSeconds(30), () -> {
                p99[0] = scalar(api, P99);
                return Double.isFinite(p99[0]);
            }), "the cluster's p99 over both instances has a value: " + query(api, P99));
            assertTrue(p99[0] > 0 && p99[0] <= 30, "p99 of " + p99[0] + " s lies within the buckets");
            System.out.printf("prometheus: p99 over both instances %.4f s%n", p99[0]);
        } finally {
            prometheus.destroy();
            prometheus.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The query's single value; NaN while there is none (an empty vector, or Prometheus not answering yet). */
    static double scalar(URI api, String promql) throws Exception {
        JsonObject answer;
        try {
            answer = query(api, promql);
        } catch (IOException | RuntimeException notYet) { // not listening, or not ready (503, not JSON)
            return Double.NaN;
        }
        JsonArray result = answer.getJsonObject("data").getJsonArray("result");
        return result.size() == 1 ? Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1))
                : Double.NaN;
    }

    static JsonObject query(URI api, String promql) throws Exception {
        return Http.json(Http.get(api.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))));
    }

    static String hostPort(URI uri) {
        return "127.0.0.1:" + uri.getPort();
    }
}
