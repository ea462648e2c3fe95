package io.sentio.it;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The OpenAPI document as a test oracle: parsed with swagger-parser, and an answer checked against what it
 * documents for its operation and status (media type, then the body against the schema: types, required
 * properties, enums, arrays, maps, {@code oneOf}, {@code $ref}).
 */
final class OpenApiContract {

    final OpenAPI api;

    private OpenApiContract(OpenAPI api) {
        this.api = api;
    }

    /**
     * Messages of the parser about what the server adds to the document, not Sentio: Payara 6 adds a top-level
     * {@code endpoints} field, which OpenAPI does not have (Payara FISH-12303 renames it {@code x-endpoints}).
     */
    static final List<String> SERVER_ADDITIONS = List.of("attribute endpoints is unexpected");

    /** Parses a document; fails the test on any message of the parser (an invalid document) but {@code tolerated}. */
    static OpenApiContract parse(String document, List<String> tolerated) {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
        List<String> messages = result.getMessages() == null ? List.of() : result.getMessages().stream()
                .filter(message -> !tolerated.contains(message)).toList();
        assertEquals(List.of(), messages, "the OpenAPI document is valid");
        assertNotNull(result.getOpenAPI(), "an OpenAPI document");
        return new OpenApiContract(result.getOpenAPI());
    }

    /** The documented answer of {@code method path} (a path template) with {@code status}, or null. */
    ApiResponse documented(String method, String path, int status) {
        PathItem item = api.getPaths().get(path);
        Operation operation = item == null ? null
                : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)));
        ApiResponse response = operation == null ? null : operation.getResponses().get(String.valueOf(status));
        if (response != null && response.get$ref() != null) {
            response = api.getComponents().getResponses().get(name(response.get$ref()));
        }
        return response;
    }

    /** The document the server serves at {@code /openapi}, parsed. */
    static OpenApiContract of(Server server) throws Exception {
        HttpResponse<String> document = Http.get(server.uri("/openapi"));
        assertEquals(200, document.statusCode(), document.body());
        return parse(document.body(), SERVER_ADDITIONS);
    }

    /** Fails unless the document describes this answer of {@code method path}: status, media type and body. */
    void check(String method, String path, HttpResponse<String> answer) {
        check(method, path, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(""), answer.body());
    }

    void check(String method, String path, int status, String contentType, String body) {
        String where = method + " " + path + " " + status;
        ApiResponse response = documented(method, path, status);
        assertNotNull(response, where + " is documented; the body was " + body);
        String type = contentType.split(";")[0].trim();
        MediaType media = response.getContent() == null ? null : response.getContent().get(type);
        assertNotNull(media, where + ": " + type + " is documented; documented are "
                + (response.getContent() == null ? "none" : response.getContent().keySet()));
        if (!type.endsWith("json")) {
            return; // text (Prometheus): the media type is the contract
        }
        List<String> errors = new ArrayList<>();
        validate(media.getSchema(), Json.createReader(new StringReader(body)).readValue(), "$", errors);
        assertEquals(List.of(), errors, where + ": the body matches its schema: " + body);
    }

    private static String name(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private Schema<?> resolve(Schema<?> schema) {
        while (schema.get$ref() != null) {
            String ref = schema.get$ref();
            schema = api.getComponents().getSchemas().get(name(ref));
            assertNotNull(schema, "schema " + ref + " exists");
        }
        return schema;
    }

    void validate(Schema<?> schema, JsonValue value, String at, List<String> errors) {
        schema = resolve(schema);
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            // OpenAPI 3.0: nullable adds null to the type given; a schema without a type allows null anyway
            if (schema.getType() != null && !Boolean.TRUE.equals(schema.getNullable())) {
                errors.add(at + " is null");
            }
            return;
        }
        if (schema.getOneOf() != null) {
            int matching = 0;
            for (Schema<?> option : schema.getOneOf()) {
                List<String> optionErrors = new ArrayList<>();
                validate(option, value, at, optionErrors);
                matching += optionErrors.isEmpty() ? 1 : 0;
            }
            if (matching != 1) {
                errors.add(at + " matches " + matching + " of the oneOf schemas, not exactly one");
            }
            return;
        }
        String type = schema.getType();
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> {
                if (!(value instanceof JsonObject object)) {
                    errors.add(at + " is not an object");
                    return;
                }
                if (schema.getRequired() != null) {
                    schema.getRequired().stream().filter(key -> !object.containsKey(key))
                            .forEach(key -> errors.add(at + "." + key + " is missing"));
                }
                Map<String, Schema> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
                for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                    Schema<?> property = properties.get(entry.getKey());
                    if (property == null && schema.getAdditionalProperties() instanceof Schema<?> additional) {
                        property = additional;
                    }
                    if (property != null) {
                        validate(property, entry.getValue(), at + "." + entry.getKey(), errors);
                    }
                }
            }
            case "array" -> {
                if (!(value instanceof JsonArray array)) {
                    errors.add(at + " is not an array");
                    return;
                }
                for (int i = 0; i < array.size(); i++) {
                    validate(schema.getItems(), array.get(i), at + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!(value instanceof JsonString string)) {
                    errors.add(at + " is not a string");
                } else if (schema.getEnum() != null && !schema.getEnum().contains(string.getString())) {
                    errors.add(at + " '" + string.getString() + "' is not one of " + schema.getEnum());
                }
            }
            case "integer" -> {
                if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
                    errors.add(at + " is not an integer: " + value);
                }
            }
            case "number" -> {
                if (!(value instanceof JsonNumber)) {
                    errors.add(at + " is not a number: " + value);
                }
            }
            case "boolean" -> {
                if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
                    errors.add(at + " is not a boolean: " + value);
                }
            }
            default -> errors.add(at + ": unknown schema type " + type);
        }
    }
}
