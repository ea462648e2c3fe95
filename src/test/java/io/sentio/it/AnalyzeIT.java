package io.sentio.it;

import io.sentio.evaluation.boundary.Evaluate;
import io.sentio.evaluation.control.Evaluator;
import io.sentio.evaluation.control.LabelledFile;
import io.sentio.evaluation.entity.EvaluationReport;
import io.sentio.evaluation.entity.LabelledText;
import io.sentio.inference.entity.Prediction;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/analyze} on a real server (Payara Micro by default) with the real default model, over real HTTP. */
@ExtendWith(ArquillianExtension.class)
class AnalyzeIT {

    @Deployment(testable = false)
    @TargetsContainer("analyze")
    static WebArchive war() {
        return Deployments.war("analyze");
    }

    @ArquillianResource
    URL deployed;
    static Server server;
    static URI analyze;

    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "analyze");
        analyze = server.uri("/api/analyze");
    }

    @Test
    void positiveReview() throws Exception {
        JsonObject answer = analyzeOne("I absolutely loved this film, the acting was superb.");
        assertEquals("POSITIVE", answer.getString("label"));
        assertScoresSumToOne(answer);
        assertEquals("sentiment-e5-small", answer.getString("model"));
        assertTrue(answer.getInt("tokens") > 5);
        assertFalse(answer.getBoolean("truncated"));
        assertTrue(answer.getJsonNumber("processing_time_ms").doubleValue() > 0);
    }

    @Test
    void negativeReview() throws Exception {
        JsonObject answer = analyzeOne("A dull, lifeless and painfully boring movie.");
        assertEquals("NEGATIVE", answer.getString("label"));
        assertScoresSumToOne(answer);
        assertEquals(answer.getJsonObject("scores").getJsonNumber("NEGATIVE").doubleValue(),
                answer.getJsonNumber("score").doubleValue(), 1e-12);
    }

    @Test
    void batchOf64AnswersInOrderAsEachTextAlone() throws Exception {
        List<String> texts = mixedTexts(64);
        // every answer from the model (Cache-Control: no-cache), not from the result cache
        HttpResponse<String> response = Http.send(fresh(batch(texts)));
        assertEquals(200, response.statusCode(), response.body());
        JsonArray results = Http.json(response).getJsonArray("results");
        assertEquals(64, results.size());
        for (int i = 0; i < texts.size(); i++) {
            JsonObject alone = Http.json(Http.send(fresh("{\"text\":" + Http.quote(texts.get(i)) + "}")));
            assertFalse(alone.getBoolean("cached"));
            JsonObject inBatch = results.getJsonObject(i);
            assertFalse(inBatch.getBoolean("cached"));
            assertEquals(alone.getString("label"), inBatch.getString("label"), texts.get(i));
            assertEquals(alone.getJsonNumber("score").doubleValue(), inBatch.getJsonNumber("score").doubleValue(), 1e-4,
                    texts.get(i));
            assertEquals(alone.getInt("tokens"), inBatch.getInt("tokens"));
        }
    }

    @Test
    void unusualTextsWork() throws Exception {
        for (String text : List.of("Ünïcödé naïve café — très bien! 😀👍", "中文 评论 很好", "tab\there\u0001\u0007 bell",
                "\uD83D\uDE00", "a")) {
            JsonObject answer = analyzeOne(text);
            assertScoresSumToOne(answer);
        }
    }

    @Test
    void longTextIsTruncated() throws Exception {
        JsonObject answer = analyzeOne("this movie is wonderful . ".repeat(2000));
        assertTrue(answer.getBoolean("truncated"));
        assertEquals("POSITIVE", answer.getString("label"));
        assertTrue(answer.getInt("tokens") <= 512);
    }

    @Test
    void longTextPoliciesPerRequest() throws Exception {
        String review = "this movie is wonderful . ".repeat(100); // 500 tokens
        JsonObject head = analyzeOne(review);
        assertTrue(head.getBoolean("truncated"));
        assertEquals(1, head.getInt("chunks"));
        JsonObject headTail = Http.json(Http.postJson(analyze, "{\"text\":" + Http.quote(review)
                + ", \"truncation\": \"head_tail\"}"));
        assertTrue(headTail.getBoolean("truncated"));
        assertEquals(1, headTail.getInt("chunks"));
        assertEquals(head.getInt("tokens"), headTail.getInt("tokens"));
        HttpResponse<String> chunked = Http.postJson(analyze, "{\"texts\": [" + Http.quote(review)
                + ", \"a dull film\"], \"truncation\": \"chunk\"}");
        assertEquals(200, chunked.statusCode(), chunked.body());
        JsonObject whole = Http.json(chunked).getJsonArray("results").getJsonObject(0);
        assertFalse(whole.getBoolean("truncated"));
        assertEquals(502, whole.getInt("tokens"));
        assertEquals(3, whole.getInt("chunks")); // 254 tokens a window (CPU max length 256), a new one every 191
        assertEquals("POSITIVE", whole.getString("label"));
        assertEquals(1, Http.json(chunked).getJsonArray("results").getJsonObject(1).getInt("chunks"));

        HttpResponse<String> unknown = Http.postJson(analyze, "{\"text\": \"fine\", \"truncation\": \"middle\"}");
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertProblem(unknown, 400);
        assertTrue(Http.json(unknown).getString("detail").contains("head_tail"), unknown.body());
    }

    @Test
    void aTextOverTheTokenBoundIs413UnderChunkWhichReadsItWhole() throws Exception {
        String huge = "good ".repeat(40_000); // 40,000 tokens, over MAX_TEXT_TOKENS (32,768)
        HttpResponse<String> refused = Http.postJson(analyze, "{\"text\":" + Http.quote(huge)
                + ", \"truncation\": \"chunk\"}");
        assertEquals(413, refused.statusCode(), refused.body());
        assertProblem(refused, 413);
        assertTrue(Http.json(refused).getString("detail").contains("40000 tokens"), refused.body());
        assertTrue(analyzeOne(huge).getBoolean("truncated"), "head_tail, the default, reads its ends");
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("application/json", "{\"text\": \"unclosed", 400),
                Arguments.of("application/json", "not json at all", 400),
                Arguments.of("application/json", "", 400),
                Arguments.of("application/json", "[\"a list\"]", 400),
                Arguments.of("application/json", "{}", 400),
                Arguments.of("application/json", "{\"text\": \"\"}", 400),
                Arguments.of("application/json", "{\"text\": \"   \\n\\t \"}", 400),
                Arguments.of("application/json", "{\"text\": null}", 400),
                Arguments.of("application/json", "{\"text\": 42}", 400),
                Arguments.of("application/json", "{\"text\": \"good\", \"texts\": [\"bad\"]}", 400),
                Arguments.of("application/json", "{\"texts\": []}", 400),
                Arguments.of("application/json", "{\"texts\": \"not an array\"}", 400),
                Arguments.of("application/json", "{\"texts\": [\"fine\", 7]}", 400),
                Arguments.of("application/json", "{\"texts\": [\"fine\", null]}", 400),
                Arguments.of("application/json", "{\"texts\": [\"fine\", {\"a\": 1}]}", 400),
                Arguments.of("application/json", "{\"texts\": [\"fine\", \" \"]}", 400),
                Arguments.of("application/json", "{\"text\": \"fine\", \"model\": 3}", 400),
                Arguments.of("application/json", "{\"text\": \"fine\", \"model\": \"no-such-model\"}", 404),
                Arguments.of("application/json", "{\"texts\": [" + "\"x\",".repeat(128) + "\"x\"]}", 413),
                Arguments.of("application/json", "{\"text\": \"" + "x".repeat(1_100_000) + "\"}", 413),
                Arguments.of("text/plain", "{\"text\": \"fine\"}", 415),
                Arguments.of("application/xml", "<text>fine</text>", 415),
                Arguments.of("application/x-www-form-urlencoded", "text=fine", 415));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badInputGetsAProblemAndTheServerKeepsServing(String contentType, String body, int status) throws Exception {
        HttpResponse<String> response = Http.post(analyze, contentType, body.getBytes(StandardCharsets.UTF_8));
        assertEquals(status, response.statusCode(), response.body());
        assertProblem(response, status);
        assertEquals("POSITIVE", analyzeOne("a wonderful, moving film").getString("label"));
    }

    @Test
    void aBodyWithoutContentTypeIsReadAsJson() throws Exception {
        HttpResponse<String> response = Http.post(analyze, null, "{\"text\": \"a fine film\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void invalidUtf8IsABadRequest() throws Exception {
        byte[] body = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        HttpResponse<String> response = Http.post(analyze, "application/json", body);
        assertEquals(400, response.statusCode(), response.body());
        assertProblem(response, 400);
    }

    @Test
    void unknownPathIsAProblem() throws Exception {
        HttpResponse<String> response = Http.get(server.uri("/api/nothing-here"));
        assertEquals(404, response.statusCode());
        assertProblem(response, 404);
    }

    @Test
    void aRepeatedTextIsAnsweredFromTheCacheWithTheSameScores() throws Exception {
        String text = "A repeat performance worth remembering, " + java.util.UUID.randomUUID();
        JsonObject first = analyzeOne(text);
        assertFalse(first.getBoolean("cached"));
        JsonObject again = analyzeOne(text);
        assertTrue(again.getBoolean("cached"));
        assertEquals(first.getJsonObject("scores"), again.getJsonObject("scores"));
        assertEquals(first.getInt("tokens"), again.getInt("tokens"));

        // a batch mixes hits and misses; a text twice in it is scored once and answered twice
        String other = "Nothing here was worth the wait, " + java.util.UUID.randomUUID();
        JsonArray results = Http.json(Http.postJson(analyze, batch(List.of(other, text, other)))).getJsonArray("results");
        assertEquals(List.of(false, true, false), results.stream().map(r -> r.asJsonObject().getBoolean("cached")).toList());
        assertEquals(results.getJsonObject(0).getJsonObject("scores"), results.getJsonObject(2).getJsonObject("scores"));
        assertEquals(first.getJsonObject("scores"), results.getJsonObject(1).getJsonObject("scores"));

        // another long-text policy is another answer; no-cache asks the model again, no-store leaves no trace
        JsonObject chunked = Http.json(Http.postJson(analyze, "{\"text\":" + Http.quote(text) + ",\"truncation\":\"chunk\"}"));
        assertFalse(chunked.getBoolean("cached"));
        assertFalse(Http.json(Http.send(fresh("{\"text\":" + Http.quote(text) + "}"))).getBoolean("cached"));
        String unstored = "Kept nowhere at all, " + java.util.UUID.randomUUID();
        HttpRequest.Builder noStore = HttpRequest.newBuilder(analyze).header("Content-Type", "application/json")
                .header("Cache-Control", "no-store").POST(HttpRequest.BodyPublishers.ofString("{\"text\":" + Http.quote(unstored) + "}"));
        assertFalse(Http.json(Http.send(noStore)).getBoolean("cached"));
        assertFalse(analyzeOne(unstored).getBoolean("cached"));

        JsonObject cache = Http.json(Http.get(server.uri("/api/performance"))).getJsonObject("cache");
        assertTrue(cache.getBoolean("enabled"));
        assertEquals("local", cache.getString("store")); // a server started alone (--nocluster) shares nothing
        assertTrue(cache.getInt("hits") >= 2 && cache.getInt("misses") >= 3, cache.toString());
        double ratio = cache.getJsonNumber("hit_ratio").doubleValue();
        assertEquals((double) cache.getInt("hits") / (cache.getInt("hits") + cache.getInt("misses")), ratio, 1e-3);
        String metrics = Http.get(server.metrics()).body();
        assertTrue(metrics.contains("sentio_cache_hits_total{store=\"local\"}"), metrics);
        assertTrue(metrics.contains("sentio_cache_misses_total"), metrics);
    }

    @Test
    void aRememberedAnswerIsTheResourcesAnswerCountedOnce() throws Exception {
        String text = "Answered before JAX-RS, " + java.util.UUID.randomUUID();
        String other = "Scored by the model this time, " + java.util.UUID.randomUUID();
        analyzeOne(text);
        JsonObject before = Http.json(Http.get(server.uri("/api/performance")));

        // remembered: answered by RememberedAnswers, ahead of the resource
        HttpResponse<String> remembered = Http.postJson(analyze, "{\"text\":" + Http.quote(text) + "}");
        // the same through the resource: a body sent in chunks is not taken ahead of it
        HttpResponse<String> throughResource = Http.send(HttpRequest.newBuilder(analyze)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(("{\"text\":" + Http.quote(text) + "}")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
        for (HttpResponse<String> answer : List.of(remembered, throughResource)) {
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse(""));
        }
        JsonObject a = Http.json(remembered);
        JsonObject b = Http.json(throughResource);
        assertEquals(a.keySet(), b.keySet());
        for (String field : a.keySet()) {
            if (!field.equals("processing_time_ms")) {
                assertEquals(a.get(field), b.get(field), field);
            }
        }
        assertTrue(a.getBoolean("cached"));

        // a batch with a text to score goes on to the resource with its lookup: each text counted once
        JsonArray results = Http.json(Http.postJson(analyze, batch(List.of(text, other)))).getJsonArray("results");
        assertEquals(List.of(true, false), results.stream().map(r -> r.asJsonObject().getBoolean("cached")).toList());
        // one the resource must answer: JSON not accepted
        HttpResponse<String> refused = Http.send(HttpRequest.newBuilder(analyze).header("Content-Type", "application/json")
                .header("Accept", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"text\":" + Http.quote(text) + "}")));
        assertEquals(406, refused.statusCode(), refused.body());

        JsonObject after = Http.json(Http.get(server.uri("/api/performance")));
        JsonObject cacheBefore = before.getJsonObject("cache");
        JsonObject cacheAfter = after.getJsonObject("cache");
        assertEquals(cacheBefore.getInt("hits") + 3, cacheAfter.getInt("hits"), cacheAfter.toString());
        assertEquals(cacheBefore.getInt("misses") + 1, cacheAfter.getInt("misses"), cacheAfter.toString());
        assertEquals(before.getInt("total_requests") + 4, after.getInt("total_requests"));
        assertEquals(before.getInt("total_texts") + 4, after.getInt("total_texts"));
    }

    private static HttpRequest.Builder fresh(String json) {
        return HttpRequest.newBuilder(analyze).header("Content-Type", "application/json").header("Cache-Control", "no-cache")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static String batch(List<String> texts) {
        StringBuilder body = new StringBuilder("{\"texts\":[");
        for (int i = 0; i < texts.size(); i++) {
            body.append(i == 0 ? "" : ",").append(Http.quote(texts.get(i)));
        }
        return body.append("]}").toString();
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                response.headers().toString());
        JsonObject problem = Http.json(response);
        assertEquals(status, problem.getInt("status"));
        assertFalse(problem.getString("title").isBlank());
        assertFalse(problem.getString("detail").isBlank());
        assertTrue(problem.getString("type").startsWith("https://"));
        assertFalse(response.body().contains("\tat "), "no stack trace");
        assertFalse(response.body().contains("Exception"), "no exception names");
    }

    static JsonObject analyzeOne(String text) throws IOException, InterruptedException {
        HttpResponse<String> response = Http.postJson(analyze, "{\"text\":" + Http.quote(text) + "}");
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    static void assertScoresSumToOne(JsonObject answer) {
        double sum = 0;
        for (JsonValue v : answer.getJsonObject("scores").values()) {
            sum += ((jakarta.json.JsonNumber) v).doubleValue();
        }
        assertEquals(1.0, sum, 1e-6);
    }

    @Test
    void theEvaluationCommandScoresExactlyAsTheServerDoes() throws Exception {
        Path modelDir = Path.of(System.getProperty("sentio.models.dir"), "sentiment-e5-small");
        List<LabelledText> rows = new ArrayList<>(LabelledFile.read(Path.of("src/test/resources/reviews.tsv"),
                List.of("NEGATIVE", "POSITIVE")));
        rows.add(new LabelledText("POSITIVE", "what a wonderful , heartfelt film . ".repeat(40))); // truncated by both
        EvaluationReport report = new Evaluator(modelDir, Evaluate.serverSettings(null, null)).evaluate(rows, 0);
        StringBuilder body = new StringBuilder("{\"texts\": [");
        for (int i = 0; i < rows.size(); i++) {
            body.append(i == 0 ? "" : ",").append(Http.quote(rows.get(i).text()));
        }
        HttpResponse<String> response = Http.postJson(analyze, body.append("]}").toString());
        assertEquals(200, response.statusCode(), response.body());
        JsonArray served = Http.json(response).getJsonArray("results");
        for (int i = 0; i < rows.size(); i++) {
            Prediction local = report.predictions().get(i);
            JsonObject remote = served.getJsonObject(i);
            assertEquals(local.label(), remote.getString("label"), rows.get(i).text());
            assertEquals(local.score(), remote.getJsonNumber("score").doubleValue(), 1e-6, rows.get(i).text());
            assertEquals(local.tokens(), remote.getInt("tokens"), rows.get(i).text());
            assertEquals(local.truncated(), remote.getBoolean("truncated"), rows.get(i).text());
        }
        assertTrue(served.getJsonObject(rows.size() - 1).getBoolean("truncated"));
    }

    /** Our own review sentences, alone and joined, so that lengths vary widely within one batch. */
    static List<String> mixedTexts(int count) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/reviews.tsv"));
        List<String> sentences = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            sentences.add(line.substring(line.indexOf('\t') + 1));
        }
        List<String> texts = new ArrayList<>(sentences);
        for (int i = 0; texts.size() < count; i++) {
            texts.add(sentences.get(i % sentences.size()) + " " + sentences.get((i * 7 + 3) % sentences.size())
                    + (i % 3 == 0 ? " " + sentences.get((i * 5 + 1) % sentences.size()) : ""));
        }
        return texts.subList(0, count);
    }
}
