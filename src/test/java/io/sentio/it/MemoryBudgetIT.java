package io.sentio.it;

import io.sentio.models.entity.ModelFolder;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.RandomAccessFile;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four real model folders under a memory budget that fits two, and a folder larger than the whole budget, on a
 * real server. Each model is charged what its load measured (tens of MB) plus its runs' working memory: one run
 * of 8,192 padded tokens, 256 MB. A budget of 760 MB holds two such models and never three.
 */
@ExtendWith(ArquillianExtension.class)
class MemoryBudgetIT {

    static final String DEFAULT = "sentiment-e5-small";
    static Server server;

    @Deployment(testable = false)
    @TargetsContainer("memory-budget")
    static WebArchive war() throws Exception {
        Path dir = Deployments.freshDir("memory-budget-models");
        Path shipped = Path.of(System.getProperty("sentio.models.dir"), DEFAULT).toAbsolutePath();
        for (String name : List.of(DEFAULT, "copy-1", "copy-2", "copy-3", "huge")) {
            Path model = Files.createDirectories(dir.resolve(name));
            for (String file : ModelFolder.REQUIRED_FILES) {
                if (name.equals("huge") && file.equals("model.onnx")) {
                    // 4 GB that take no disk (sparse): refused from its size, never read
                    try (RandomAccessFile onnx = new RandomAccessFile(model.resolve(file).toFile(), "rw")) {
                        onnx.setLength(4L << 30);
                    }
                } else {
                    Files.createSymbolicLink(model.resolve(file), shipped.resolve(file));
                }
            }
        }
        return Deployments.war("memory-budget");
    }

    @ArquillianResource
    URL deployed;

    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "memory-budget");
    }

    static HttpResponse<String> analyze(String model) throws Exception {
        return Http.postJson(server.uri("/api/analyze"),
                "{\"text\": \"a warm and witty film\", \"model\": \"" + model + "\"}");
    }

    static JsonObject cache() throws Exception {
        return Http.json(Http.get(server.uri("/api/model-info"))).getJsonObject("model_cache");
    }

    static List<String> loaded() throws Exception {
        JsonArray loaded = cache().getJsonArray("loaded");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            names.add(loaded.getJsonObject(i).getString("name"));
        }
        return names;
    }

    /** Loaded models whose load was measured (not only estimated), by name. */
    static final java.util.Set<String> measured = new java.util.HashSet<>();

    /** Every loaded model is charged its load, measured or else estimated, plus its runs' 256 MB. */
    static void charges() throws Exception {
        JsonArray loaded = cache().getJsonArray("loaded");
        for (int i = 0; i < loaded.size(); i++) {
            JsonObject model = loaded.getJsonObject(i);
            int load = model.isNull("measured_load_mb") ? model.getInt("estimated_load_mb")
                    : model.getInt("measured_load_mb");
            assertEquals(load + 256, model.getInt("memory_mb"), model.toString());
            assertEquals(256, model.getInt("work_mb"));
            if (!model.isNull("measured_load_mb")) {
                measured.add(model.getString("name"));
            }
        }
    }

    static void use(String model) throws Exception {
        HttpResponse<String> answer = analyze(model);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("POSITIVE", Http.json(answer).getString("label"));
    }

    @Test
    void aThirdModelEvictsTheLeastRecentlyUsedAndAModelLargerThanTheBudgetIs507() throws Exception {
        JsonObject memory = Http.json(Http.get(server.uri("/api/model-info"))).getJsonObject("memory");
        assertEquals(760, memory.getInt("model_budget_mb"));
        assertEquals("model.memory.budget.mb", memory.getString("budget_source"));
        assertEquals(256, memory.getInt("work_mb_per_model"));
        assertTrue(memory.getInt("limit_mb") > memory.getInt("heap_max_mb"), memory.toString());
        assertEquals(List.of(DEFAULT), loaded());
        charges();

        use("copy-1");
        assertEquals(List.of(DEFAULT, "copy-1"), loaded(), "two fit");
        charges();
        use("copy-2");
        assertEquals(List.of("copy-1", "copy-2"), loaded(), "a third evicted the least recently used");
        charges();
        use("copy-1");
        use("copy-3");
        assertEquals(List.of("copy-1", "copy-3"), loaded(), "copy-2 was used least recently");
        JsonObject cache = cache();
        assertEquals(2, cache.getInt("evictions"));
        assertTrue(cache.getInt("charged_mb") <= 760, cache.toString());

        HttpResponse<String> huge = analyze("huge");
        assertEquals(507, huge.statusCode(), huge.body());
        OpenApiContract.of(server).check("POST", "/api/analyze", huge);
        String body = "{\"text\": \"fine\", \"model\": \"huge\"}";
        // Payara's HTTP layer has no phrase for 507 and Sentio adds it (ReasonPhrase); Liberty's says "Undefined"
        assertEquals(Server.payara() ? "HTTP/1.1 507 Insufficient Storage" : "HTTP/1.1 507 Undefined",
                Http.statusLine(server.uri("/"), "POST /api/analyze HTTP/1.1\r\n"
                        + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body));
        assertEquals("application/problem+json", huge.headers().firstValue("Content-Type").orElse(""));
        JsonObject problem = Http.json(huge);
        assertEquals("https://sentio.io/problems/model-too-large", problem.getString("type"));
        assertTrue(problem.getString("detail").contains("memory budget of 760 MB"), problem.getString("detail"));
        assertTrue(problem.getString("detail").contains("'huge' needs about 6"), problem.getString("detail"));
        assertEquals(List.of("copy-1", "copy-3"), loaded(), "refusing it evicted nothing");

        use(DEFAULT);
        assertEquals(List.of("copy-3", DEFAULT), loaded());
        charges();
        assertTrue(measured.size() >= 3, "loads measured from resident memory: " + measured);
        assertTrue(server.process().isPresent(), "nothing was killed");
        assertEquals(200, Http.get(server.uri("/health/ready")).statusCode());
    }
}
