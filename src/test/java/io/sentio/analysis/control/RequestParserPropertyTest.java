package io.sentio.analysis.control;

import io.sentio.analysis.entity.AnalysisRequest;
import io.sentio.problems.entity.SentioException.ClientError;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the request parser over generated input: whatever arrives, the answer is a request or a
 * client error with a message, never any other exception; valid requests come back exactly as sent.
 */
class RequestParserPropertyTest {

    final RequestParser parser = new RequestParser(128, 1 << 20);

    AnalysisRequest parse(byte[] body) {
        return parser.parse(new ByteArrayInputStream(body));
    }

    void onlyRequestsOrClientErrors(byte[] body) {
        try {
            AnalysisRequest request = parse(body);
            assertTrue(!request.texts().isEmpty());
        } catch (ClientError e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            assertTrue(e.getMessage().length() < 1000, "messages stay short: " + e.getMessage().length());
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),                       // any UTF-16, lone surrogates included
                Arbitraries.strings().withChars("\u200b\ufeff\u00a0\u0000 \t\n\u202e\u0301").ofMaxLength(8),
                Arbitraries.strings().withCharRange('a', 'z').withChars(" 😀😡👍🎉").ofMinLength(1).ofMaxLength(30));
    }

    @Property(tries = 3000)
    void anyTextsInAWellFormedBody(@ForAll @Size(max = 12) List<@From("anyText") String> texts, @ForAll boolean single) {
        String body;
        if (single && !texts.isEmpty()) {
            body = Json.createObjectBuilder().add("text", texts.get(0)).build().toString();
        } else {
            JsonArrayBuilder array = Json.createArrayBuilder();
            texts.forEach(array::add);
            body = Json.createObjectBuilder().add("texts", array).build().toString();
        }
        onlyRequestsOrClientErrors(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3000)
    void mutatedBodies(@ForAll @IntRange(min = 0, max = 40) int position, @ForAll byte replacement,
                       @ForAll @IntRange(min = 0, max = 3) int variant) {
        String[] seeds = {"{\"text\": \"a fine film\"}", "{\"texts\": [\"good\", \"bad\"], \"model\": \"m\"}",
                "{\"text\": \"x\", \"extra\": {\"a\": [1, 2, {\"b\": null}]}}", "[\"text\"]"};
        byte[] body = seeds[variant].getBytes(StandardCharsets.UTF_8);
        if (position < body.length) {
            body[position] = replacement;
        }
        onlyRequestsOrClientErrors(body);
    }

    @Property(tries = 500)
    void anyBytes(@ForAll byte[] body) {
        onlyRequestsOrClientErrors(body);
    }

    @Property(tries = 200)
    void deepNestingIsRefusedBeforeItIsBuilt(@ForAll @IntRange(min = 33, max = 5000) int depth) {
        String body = "{\"text\": \"fine\", \"x\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
        ClientError e = org.junit.jupiter.api.Assertions.assertThrows(ClientError.class,
                () -> parse(body.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Property(tries = 1000)
    void textsWithContentComeBackExactly(@ForAll @Size(max = 12) List<@From("anyText") String> texts) {
        // a lone surrogate cannot travel in UTF-8: the body carries what encoding leaves of it
        List<String> readable = texts.stream().map(t -> new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .filter(RequestParser::hasContent).limit(128).toList();
        if (readable.isEmpty()) {
            return;
        }
        JsonArrayBuilder array = Json.createArrayBuilder();
        readable.forEach(array::add);
        byte[] body = Json.createObjectBuilder().add("texts", array).build().toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(readable, parse(body).texts());
    }
}
