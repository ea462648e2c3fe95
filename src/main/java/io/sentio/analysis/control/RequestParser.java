package io.sentio.analysis.control;

import io.sentio.analysis.entity.AnalysisRequest;
import io.sentio.inference.entity.LongText;
import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import io.sentio.problems.entity.SentioException.ClientError;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates an analysis request body; every client mistake becomes a {@link ClientError}. */
public final class RequestParser {

    /** Made once: {@code Json.createParser} looks the provider up through the class loader on every call (0.4 ms CPU a request on Payara). */
    private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

    private final int maxTexts;
    private final int maxBodyBytes;

    public RequestParser(int maxTexts, int maxBodyBytes) {
        this.maxTexts = maxTexts;
        this.maxBodyBytes = maxBodyBytes;
    }

    public AnalysisRequest parse(InputStream body) {
        JsonObject json = object(read(body));
        JsonValue text = json.get("text");
        JsonValue texts = json.get("texts");
        boolean hasText = text != null && text.getValueType() != JsonValue.ValueType.NULL;
        boolean hasTexts = texts != null && texts.getValueType() != JsonValue.ValueType.NULL;
        if (hasText && hasTexts) {
            throw bad("send either 'text' or 'texts', not both");
        }
        if (!hasText && !hasTexts) {
            throw bad("the request needs a 'text' (string) or 'texts' (array of strings)");
        }
        String model = model(json.get("model"));
        LongText.Policy truncation = truncation(json.get("truncation"));
        if (hasText) {
            return new AnalysisRequest(List.of(text(text, "'text'")), true, model, truncation);
        }
        if (texts.getValueType() != JsonValue.ValueType.ARRAY) {
            throw bad("'texts' must be an array of strings");
        }
        JsonArray array = texts.asJsonArray();
        if (array.isEmpty()) {
            throw bad("'texts' is empty");
        }
        if (array.size() > maxTexts) {
            throw new ClientError(ProblemKind.TOO_LARGE, "too many texts: " + array.size() + " (at most " + maxTexts + " per request)");
        }
        List<String> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            values.add(text(array.get(i), "'texts[" + i + "]'"));
        }
        return new AnalysisRequest(values, false, model, truncation);
    }

    private byte[] read(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                throw new ClientError(ProblemKind.TOO_LARGE, "the request body is over " + maxBodyBytes + " bytes");
            }
            if (bytes.length == 0) {
                throw bad("the request body is empty");
            }
            return bytes;
        } catch (IOException e) {
            // the message would be a server class's words (a TimeoutException, "Connection is closed")
            throw bad("the request body could not be read: it arrived incompletely or too slowly");
        }
    }

    /** JSON nested deeper than this is refused before it is built: a request needs two levels. */
    static final int MAX_DEPTH = 32;

    private static JsonObject object(byte[] bytes) {
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw bad("the request body is not valid UTF-8");
        }
        checkShape(body);
        try (JsonParser parser = PARSERS.createParser(new StringReader(body))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw bad("the request body must be a JSON object");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw bad("malformed JSON: content after the object");
            }
            return object;
        } catch (ClientError e) {
            throw e;
        } catch (JsonException | IllegalStateException | IllegalArgumentException e) {
            throw bad("malformed JSON: " + e.getMessage());
        }
    }

    /**
     * Walks the body's events once before anything is built: nesting beyond {@link #MAX_DEPTH} and a key
     * twice in one object are refused (a parser would keep the last of two, silently).
     */
    private static void checkShape(String body) {
        Deque<Set<String>> objects = new ArrayDeque<>();
        int depth = 0;
        try (JsonParser parser = PARSERS.createParser(new StringReader(body))) {
            while (parser.hasNext()) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw bad("the JSON is nested deeper than " + MAX_DEPTH + " levels");
                        }
                        objects.push(new HashSet<>());
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        objects.pop();
                    }
                    case KEY_NAME -> {
                        if (!objects.peek().add(parser.getString())) {
                            throw bad("the key '" + SentioException.echo(parser.getString()) + "' appears twice in one object");
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (ClientError e) {
            throw e;
        } catch (JsonException | IllegalStateException | IllegalArgumentException | java.util.NoSuchElementException e) {
            throw bad("malformed JSON: " + e.getMessage());
        }
    }

    private static String text(JsonValue value, String where) {
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw bad(where + " must be a string, not " + value.getValueType().name().toLowerCase());
        }
        String s = ((JsonString) value).getString();
        if (s.isBlank()) {
            throw bad(where + " is empty or blank");
        }
        if (!hasContent(s)) {
            throw bad(where + " has no readable content (only spaces, control or format characters, or broken surrogates)");
        }
        return s;
    }

    /**
     * Whether any character carries content: not white space, not a control or format character (zero-width
     * spaces, byte order marks, NUL), not half of a broken surrogate pair, not unassigned.
     */
    static boolean hasContent(String text) {
        return text.codePoints().anyMatch(cp -> switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                 Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> !Character.isWhitespace(cp);
        });
    }

    private static String model(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING || !hasContent(((JsonString) value).getString())) {
            throw bad("'model' must be a model name");
        }
        return ((JsonString) value).getString();
    }

    private static LongText.Policy truncation(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        LongText.Policy policy = value.getValueType() == JsonValue.ValueType.STRING
                ? LongText.Policy.parse(((JsonString) value).getString()) : null;
        if (policy == null) {
            throw bad("'truncation' must be \"head\", \"head_tail\" or \"chunk\"");
        }
        return policy;
    }

    private static ClientError bad(String message) {
        return new ClientError(ProblemKind.INVALID_REQUEST, message);
    }
}
