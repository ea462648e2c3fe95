package io.sentio.it;

import io.swagger.v3.oas.models.media.Schema;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI oracle of the integration tests finds what does not match, on the project's own document. */
class OpenApiContractTest {

    static final OpenApiContract CONTRACT;

    static {
        try {
            CONTRACT = OpenApiContract.parse(Files.readString(Path.of("src/main/resources/META-INF/openapi.yaml")),
                    List.of());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> errors(String schema, String json) {
        List<String> errors = new ArrayList<>();
        JsonValue value = Json.createReader(new StringReader(json)).readValue();
        CONTRACT.validate(new Schema<>().$ref("#/components/schemas/" + schema), value, "$", errors);
        return errors;
    }

    static final String SINGLE = "{\"model\": \"m\", \"label\": \"POSITIVE\", \"score\": 0.9, \"scores\": {\"NEGATIVE\": 0.1, "
            + "\"POSITIVE\": 0.9}, \"tokens\": 5, \"truncated\": false, \"chunks\": 1, \"cached\": false, \"processing_time_ms\": 7.4}";

    @Test
    void aValidAnswerPassesAndEachKindOfMismatchIsNamed() {
        assertEquals(List.of(), errors("SingleAnswer", SINGLE));
        assertEquals(List.of("$.cached is missing"), errors("SingleAnswer", SINGLE.replace(", \"cached\": false", "")));
        assertEquals(List.of("$.tokens is not an integer: 5.5"), errors("SingleAnswer", SINGLE.replace("5,", "5.5,")));
        assertEquals(List.of("$.scores.POSITIVE is not a number: \"high\""),
                errors("SingleAnswer", SINGLE.replace("\"POSITIVE\": 0.9}", "\"POSITIVE\": \"high\"}")));
        assertEquals(List.of("$.truncation 'tail' is not one of [head, head_tail, chunk]"),
                errors("AnalysisRequest", "{\"text\": \"x\", \"truncation\": \"tail\"}"));
        assertEquals(List.of("$.results[0] is not an object"),
                errors("BatchAnswer", "{\"model\": \"m\", \"processing_time_ms\": 1, \"results\": [1]}"));
        assertEquals(List.of("$.status is missing"), errors("Problem", "{\"type\": \"t\", \"title\": \"T\"}"));
    }

    @Test
    void answersAreLookedUpByOperationAndStatusThroughTheSharedResponses() {
        assertNotNull(CONTRACT.documented("POST", "/api/analyze", 413).getContent().get("application/problem+json"));
        assertNull(CONTRACT.documented("POST", "/api/analyze", 418));
        assertNull(CONTRACT.documented("GET", "/api/analyze", 200));
        assertThrows(AssertionError.class,
                () -> CONTRACT.check("GET", "/api/models", 200, "text/html", "{\"models\": []}"));
        CONTRACT.check("GET", "/api/models", 200, "application/json; charset=UTF-8", "{\"models\": []}");
        AssertionError wrong = assertThrows(AssertionError.class,
                () -> CONTRACT.check("POST", "/api/analyze", 200, "application/json", "{\"model\": \"m\"}"));
        assertTrue(wrong.getMessage().contains("matches 0 of the oneOf schemas"), wrong.getMessage());
    }
}
