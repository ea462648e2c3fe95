package io.sentio.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A default model that is missing or corrupt leaves readiness DOWN with the reason; the server keeps answering. */
@ExtendWith(ArquillianExtension.class)
class BrokenModelIT {

    @Deployment(name = "corrupt", testable = false)
    @TargetsContainer("corrupt-model")
    static WebArchive corrupt() throws Exception {
        Path models = Deployments.freshDir("corrupt-model-models");
        Path corrupt = Files.createDirectories(models.resolve("corrupt"));
        Path shipped = Path.of(System.getProperty("sentio.models.dir"), "sentiment-e5-small");
        Files.copy(shipped.resolve("config.json"), corrupt.resolve("config.json"));
        Files.copy(shipped.resolve("tokenizer.json"), corrupt.resolve("tokenizer.json"));
        Files.writeString(corrupt.resolve("model.onnx"), "this is not an ONNX model");
        return Deployments.war("corrupt-model");
    }

    @Deployment(name = "missing", testable = false)
    @TargetsContainer("missing-model")
    static WebArchive missing() {
        return Deployments.war("missing-model");
    }

    @Deployment(name = "gpu", testable = false)
    @TargetsContainer("gpu")
    static WebArchive gpu() {
        return Deployments.war("gpu");
    }

    @ArquillianResource
    @OperateOnDeployment("corrupt")
    URL corrupt;
    @ArquillianResource
    @OperateOnDeployment("missing")
    URL missing;
    @ArquillianResource
    @OperateOnDeployment("gpu")
    URL gpu;

    @Test
    void corruptDefaultModel() throws Exception {
        Server server = Server.at(corrupt, "corrupt-model");
        assertNotReady(server, "corrupt");
        HttpResponse<String> analyze = Http.postJson(server.uri("/api/analyze"), "{\"text\": \"fine\"}");
        assertEquals(503, analyze.statusCode(), analyze.body());
        AnalyzeIT.assertProblem(analyze, 503);
        OpenApiContract.of(server).check("POST", "/api/analyze", analyze);
        assertTrue(analyze.headers().firstValue("Retry-After").isPresent());
        // the bundled model still serves by name
        HttpResponse<String> other = Http.postJson(server.uri("/api/analyze"),
                "{\"text\": \"a wonderful film\", \"model\": \"sentiment-e5-small\"}");
        assertEquals(200, other.statusCode(), other.body());
    }

    @Test
    void missingDefaultModel() throws Exception {
        Server server = Server.at(missing, "missing-model");
        assertNotReady(server, "no-such-model");
        HttpResponse<String> analyze = Http.postJson(server.uri("/api/analyze"), "{\"text\": \"fine\"}");
        assertEquals(503, analyze.statusCode(), analyze.body());
        AnalyzeIT.assertProblem(analyze, 503);
    }

    @Test
    void gpuRequestedWithoutAGpu() throws Exception {
        Server server = Server.at(gpu, "gpu");
        assertNotReady(server, "DEVICE=gpu, but no usable CUDA device");
        HttpResponse<String> analyze = Http.postJson(server.uri("/api/analyze"), "{\"text\": \"fine\"}");
        assertEquals(503, analyze.statusCode(), analyze.body());
        assertTrue(Http.json(analyze).getString("detail").contains("DEVICE=gpu"), analyze.body());
    }

    static void assertNotReady(Server server, String model) throws Exception {
        HttpResponse<String> ready = Http.get(server.uri("/health/ready"));
        assertEquals(503, ready.statusCode(), ready.body());
        JsonObject health = Http.json(ready);
        assertEquals("DOWN", health.getString("status"));
        String check = Http.check(health, "default-model").toString();
        assertTrue(check.contains(model), check);
        HttpResponse<String> live = Http.get(server.uri("/health/live"));
        assertEquals(200, live.statusCode(), live.body());
        assertEquals(200, Http.get(server.uri("/api/models")).statusCode());
    }
}
