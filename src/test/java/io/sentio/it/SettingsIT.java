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

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server started with an invalid value for every numeric and enumerated key: it starts, readiness is DOWN
 * naming each key, analyses are refused with 503, and nothing answers 500.
 */
@ExtendWith(ArquillianExtension.class)
public class SettingsIT {

    /** One invalid value for each key that has a rule (ValidatedSettingsTest checks that none is missing). */
    public static final Map<String, String> INVALID = Map.ofEntries(
            Map.entry("REQUEST_TIMEOUT", "0.05s"), Map.entry("REQUEST_READ_TIMEOUT", "0"),
            Map.entry("SHUTDOWN_GRACE", "20s"), Map.entry("QUEUE_WAIT", "-1"), Map.entry("ANALYSIS_MAX_CONCURRENT", "-1"),
            Map.entry("ANALYZE_MAX_TEXTS", "many"), Map.entry("ANALYZE_MAX_BODY_BYTES", "1e6"),
            Map.entry("LONG_TEXT_POLICY", "middle"), Map.entry("MAX_TEXT_TOKENS", "0"),
            Map.entry("MODEL_CACHE_SIZE", "0"), Map.entry("MODEL_RETRY_SECONDS", "soon"),
            Map.entry("MODEL_MEMORY_BUDGET_MB", "1g"), Map.entry("DEVICE", "tpu"),
            Map.entry("MODEL_PRECISION", "int4"), Map.entry("MODEL_MAX_LENGTH", "-5"), Map.entry("ONNX_INTRA_THREADS", "x"),
            Map.entry("ONNX_INTER_THREADS", "0"), Map.entry("ONNX_SPINNING", "yes"), Map.entry("ONNX_PARALLEL_RUNS", "-1"),
            Map.entry("BATCH_MAX_SIZE", "0"), Map.entry("BATCH_TOKEN_BUDGET", "none"),
            Map.entry("BATCH_RUN_OVERHEAD_TOKENS", "-8"), Map.entry("BATCH_MAX_WAIT_MS", "2ms"),
            Map.entry("BATCH_QUEUE_CAPACITY", "0"), Map.entry("BATCH_ENABLED", "maybe"),
            Map.entry("MEMORY_SAMPLE_SECONDS", "0"), Map.entry("MEMORY_HISTORY_MINUTES", "an hour"),
            Map.entry("MEMORY_WARN_PERCENT", "101"), Map.entry("MEMORY_WARN_RSS_MB", "-1"),
            Map.entry("HEALTH_HEAP_MAX_PERCENT", "0"), Map.entry("MONITORING_REQUESTS_ENABLED", "on"),
            Map.entry("RATE_LIMIT_TEXTS_PER_SECOND", "-1"), Map.entry("RATE_LIMIT_BURST", "0"),
            Map.entry("CACHE_ENABLED", "yes"), Map.entry("CACHE_SIZE", "0"), Map.entry("CACHE_TTL_SECONDS", "1h"),
            Map.entry("CACHE_STORE", "memcached"), Map.entry("CACHE_REDIS_URL", "localhost:6379"),
            Map.entry("CACHE_SHARED_TIMEOUT_MS", "0"),
            Map.entry("LOG_LEVEL", "LOUD"));

    static Server server;

    @Deployment(testable = false)
    @TargetsContainer("invalid-settings")
    static WebArchive war() throws Exception {
        return Deployments.war("invalid-settings", INVALID);
    }

    @ArquillianResource
    URL deployed;

    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "invalid-settings");
    }

    @Test
    void readinessNamesEveryInvalidKey() throws Exception {
        HttpResponse<String> ready = Http.get(server.uri("/health/ready"));
        assertEquals(503, ready.statusCode(), ready.body());
        JsonObject configuration = Http.check(Http.json(ready), "configuration");
        assertEquals("DOWN", configuration.getString("status"));
        String data = configuration.getJsonObject("data").toString();
        for (String variable : INVALID.keySet()) {
            assertTrue(data.contains("(" + variable + ") is '"), variable + " is named: " + data);
        }
    }

    @Test
    void analysesAre503AndNothingAnswers500() throws Exception {
        HttpResponse<String> analyze = Http.postJson(server.uri("/api/analyze"), "{\"text\": \"a fine film\"}");
        assertEquals(503, analyze.statusCode(), analyze.body());
        AnalyzeIT.assertProblem(analyze, 503);
        assertTrue(Http.json(analyze).getString("detail").contains("REQUEST_TIMEOUT"), analyze.body());
        for (String path : List.of("/api/models", "/api/model-info", "/api/performance", "/metrics", "/health/live",
                "/health/started", "/health")) {
            HttpResponse<String> answer = Http.get(server.uri(path));
            assertTrue(answer.statusCode() < 500 || answer.statusCode() == 503, path + " answered " + answer.statusCode()
                    + ": " + answer.body());
        }
        HttpResponse<String> infoAnswer = Http.get(server.uri("/api/model-info"));
        assertEquals(200, infoAnswer.statusCode(), infoAnswer.body());
        JsonObject settings = Http.json(infoAnswer).getJsonObject("optimization_settings");
        assertEquals(32, settings.getInt("batch_size"), "the device's default stands in: " + settings);
        assertEquals(2, settings.getInt("batch_max_wait_ms"), settings.toString());
        assertEquals("int8", settings.getString("precision"), settings.toString());
        // the model itself still serves once the configuration is fixed: here it loaded with the defaults
        assertEquals("UP", Http.check(Http.json(Http.get(server.uri("/health/ready"))), "default-model").getString("status"));
    }
}
