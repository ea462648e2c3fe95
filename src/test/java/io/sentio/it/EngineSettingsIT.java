package io.sentio.it;

import io.sentio.models.entity.ModelFolder;
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
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server configured away from the defaults. Settings that a model cannot honour: {@code
 * MODEL_PRECISION=float16} with models whose only variant is int8 (it runs its int8 file, and {@code
 * /api/model-info} says so, loaded or not). Per-client rate limiting: 5 texts at once, 1 a second, clients
 * named by {@code X-API-Key}.
 */
@ExtendWith(ArquillianExtension.class)
class EngineSettingsIT {

    static Server server;

    @Deployment(testable = false)
    @TargetsContainer("engine-settings")
    static WebArchive war() throws Exception {
        Path dir = Deployments.freshDir("engine-settings-models");
        Path shipped = Path.of(System.getProperty("sentio.models.dir"), "sentiment-e5-small").toAbsolutePath();
        String int8Only = Files.readString(shipped.resolve("config.json"))
                .replaceAll("(?s)\"variants\"\\s*:\\s*\\{[^}]*}", "\"variants\": {\"int8\": \"model.onnx\"}");
        assertTrue(int8Only.contains("{\"int8\": \"model.onnx\"}"), int8Only);
        for (String name : new String[]{"int8-only", "int8-only-too"}) {
            Path model = Files.createDirectories(dir.resolve(name));
            Files.createSymbolicLink(model.resolve("model.onnx"), shipped.resolve("model.onnx"));
            Files.createSymbolicLink(model.resolve("tokenizer.json"), shipped.resolve("tokenizer.json"));
            Files.writeString(model.resolve("config.json"), int8Only);
            assertTrue(Files.isRegularFile(model.resolve(ModelFolder.REQUIRED_FILES[0])));
        }
        return Deployments.war("engine-settings");
    }

    @ArquillianResource
    URL deployed;

    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "engine-settings");
    }

    static JsonObject info(String model) throws Exception {
        HttpResponse<String> response = Http.get(server.uri("/api/model-info?model=" + model));
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    static HttpResponse<String> analyze(String key, int texts) throws Exception {
        String body = "{\"texts\": [" + String.join(",", java.util.Collections.nCopies(texts, "\"a lovely film\"")) + "]}";
        return Http.send(java.net.http.HttpRequest.newBuilder(server.uri("/api/analyze"))
                .header("Content-Type", "application/json").header("X-API-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aClientOverItsBudgetGets429WithRateLimitHeadersAndAnotherIsUnaffected() throws Exception {
        HttpResponse<String> burst = analyze("heavy", 5);
        assertEquals(200, burst.statusCode(), burst.body());
        assertEquals("\"texts\";q=5;w=5", burst.headers().firstValue("RateLimit-Policy").orElse(""));
        assertTrue(burst.headers().firstValue("RateLimit").orElse("").startsWith("\"texts\";r=0;t="),
                burst.headers().toString());
        HttpResponse<String> over = analyze("heavy", 3);
        assertEquals(429, over.statusCode(), over.body());
        AnalyzeIT.assertProblem(over, 429);
        assertTrue(Http.json(over).getString("type").endsWith("/rate-limited"), over.body());
        int retryAfter = Integer.parseInt(over.headers().firstValue("Retry-After").orElse("0"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3, "3 texts at 1 a second: " + retryAfter);
        assertTrue(over.headers().firstValue("RateLimit").isPresent(), over.headers().toString());
        assertTrue(over.headers().firstValue("RateLimit-Policy").isPresent(), over.headers().toString());
        HttpResponse<String> light = analyze("light", 5);
        assertEquals(200, light.statusCode(), "another client is unaffected: " + light.body());
    }

    @Test
    void a429SaysTooManyRequestsInItsStatusLine() throws Exception {
        String texts = "{\"texts\": [\"fine\", \"fine\", \"fine\", \"fine\", \"fine\"]}";
        String request = "POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "X-API-Key: status-line\r\nConnection: close\r\nContent-Length: " + texts.length() + "\r\n\r\n" + texts;
        assertEquals("HTTP/1.1 200 OK", Http.statusLine(server.uri("/"), request), "the burst");
        String over = Http.statusLine(server.uri("/"), request);
        // Payara's HTTP layer has no phrase for 429 and Sentio adds it (ReasonPhrase); Liberty's says "Undefined"
        assertEquals(Server.payara() ? "HTTP/1.1 429 Too Many Requests" : "HTTP/1.1 429 Undefined", over, "over the budget");
    }

    @Test
    void modelInfoReportsThePrecisionThatRuns() throws Exception {
        JsonObject loaded = info("int8-only");
        assertTrue(loaded.getBoolean("loaded"));
        assertEquals("int8", loaded.getString("precision"));
        assertEquals("int8", loaded.getJsonObject("optimization_settings").getString("precision"));
        assertEquals(256, loaded.getInt("max_length")); // the CPU default, as the model's files allow

        JsonObject notYet = info("int8-only-too");
        assertFalse(notYet.getBoolean("loaded"));
        assertEquals("int8", notYet.getString("precision"), "what it would run, by the same rule");
        HttpResponse<String> answer = Http.postJson(server.uri("/api/analyze"),
                "{\"text\": \"a warm and lovely film\", \"model\": \"int8-only-too\"}");
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject now = info("int8-only-too");
        assertTrue(now.getBoolean("loaded"));
        assertEquals("int8", now.getString("precision"));
    }
}
