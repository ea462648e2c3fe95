package io.sentio.analysis.control;

import io.sentio.analysis.entity.AnalysisRequest;
import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException.ClientError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestParserTest {

    final RequestParser parser = new RequestParser(3, 1000);

    AnalysisRequest parse(String body) {
        return parser.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    int status(String body) {
        return assertThrows(ClientError.class, () -> parse(body)).kind().status();
    }

    @Test
    void oneText() {
        AnalysisRequest request = parse("{\"text\": \"fine 😀\"}");
        assertEquals(List.of("fine 😀"), request.texts());
        assertTrue(request.single());
        assertNull(request.model());
    }

    @Test
    void severalTextsWithAModel() {
        AnalysisRequest request = parse("{\"texts\": [\"a\", \"b\"], \"model\": \"m\", \"other\": 1}");
        assertEquals(List.of("a", "b"), request.texts());
        assertFalse(request.single());
        assertEquals("m", request.model());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "nope", "[1]", "\"text\"", "{}", "{\"text\": \"\"}", "{\"text\": \" \\t\"}",
            "{\"text\": 1}", "{\"text\": true}", "{\"text\": [\"a\"]}", "{\"texts\": []}", "{\"texts\": \"a\"}",
            "{\"texts\": [\"a\", 2]}", "{\"texts\": [\"a\", \"\"]}", "{\"text\": \"a\", \"texts\": [\"b\"]}",
            "{\"text\": \"a\", \"model\": 5}", "{\"text\": \"a\", \"model\": \"\"}", "{\"text\": \"a\"} trailing",
            "{\"text\": \"a\", \"text\": \"b\"}", "{\"texts\": [\"a\"], \"x\": {\"k\": 1, \"k\": 2}}",
            "{\"text\": \"\\u200b\\u200b\"}", "{\"text\": \"\\ufeff\"}", "{\"text\": \"\\u00a0\"}",
            "{\"text\": \"\\u0000\"}", "{\"text\": \"\\ud800\"}", "{\"texts\": [\"ok\", \"\\u2028\\u2029\"]}"})
    void clientMistakesAreBadRequests(String body) {
        assertEquals(400, status(body));
    }

    @Test
    void anEmptyTextIsNamedByItsIndex() {
        ClientError e = assertThrows(ClientError.class, () -> parse("{\"texts\": [\"fine\", \"\\u200b\", \"ok\"]}"));
        assertTrue(e.getMessage().contains("texts[1]"), e.getMessage());
    }

    @Test
    void textsWithSomeContentAreKept() {
        assertEquals(List.of("\u200bfine\ufeff", "😡👎", "\u00a0:)"),
                parse("{\"texts\": [\"\\u200bfine\\ufeff\", \"😡👎\", \"\\u00a0:)\"]}").texts());
    }

    @Test
    void nestingAndDuplicateKeysAreNamed() {
        String deep = "{\"text\": \"a\", \"x\": " + "[".repeat(400) + "]".repeat(400) + "}";
        assertTrue(assertThrows(ClientError.class, () -> parse(deep)).getMessage().contains("nested deeper than 32"));
        String nested = "{\"text\": \"a\", \"x\": " + "[".repeat(30) + "]".repeat(30) + "}";
        assertEquals(List.of("a"), parse(nested).texts());
        assertTrue(assertThrows(ClientError.class, () -> parse("{\"model\": \"a\", \"text\": \"b\", \"model\": \"c\"}"))
                .getMessage().contains("'model' appears twice"));
    }

    @Test
    void tooManyTextsAndTooLargeBodies() {
        assertEquals(413, status("{\"texts\": [\"a\", \"b\", \"c\", \"d\"]}"));
        assertEquals(413, status("{\"text\": \"" + "x".repeat(1000) + "\"}"));
    }

    @Test
    void invalidUtf8() {
        byte[] body = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ClientError e = assertThrows(ClientError.class, () -> parser.parse(new ByteArrayInputStream(body)));
        assertEquals(ProblemKind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }
}
