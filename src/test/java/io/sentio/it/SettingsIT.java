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
import java.io.Reader;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server started with an invalid value for every numeric and enumerated key: it starts, readiness is DOWN
 * naming each key, analyses are refused with 503, and nothing answers 500.
 */
@ExtendWith(ArquillianExtension.class)
public class SettingsIT {

    /** The file of one invalid value for each key that has a rule (ValidatedSettingsTest checks that none is missing). */
    public static Properties invalid(Path settings) throws IOException {
        Properties invalid = new Properties();
        try (Reader in = Files.newBufferedReader(settings.resolve("invalid-settings.properties"))) {
            invalid.load(in);
        }
        return invalid;
    }

    static Server server;

    @Deployment(testable = false)
    @TargetsContainer("invalid-settings")
    static WebArchive war() throws Exception {
        return Deployments.war("invalid-settings");
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
        for (String key : invalid(Deployments.dir()).stringPropertyNames()) {
            assertTrue(data.contains(key + " (" + key.toUpperCase(Locale.ROOT).replace('.', '_') + ") is '"),
                    key + " is named: " + data);
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
