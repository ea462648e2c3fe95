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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server made slow on purpose (one thread, one text per run) with a 1.5 s timeout, 1 s to send a body and room
 * for two analyses at once: timeouts stop the work, slow bodies are cut off without starving anyone, the bulkhead
 * rejects the excess, and without an admin token admin operations are refused.
 */
@ExtendWith(ArquillianExtension.class)
class LimitsIT {

    @Deployment(testable = false)
    @TargetsContainer("limits")
    static WebArchive war() {
        return Deployments.war("limits");
    }

    @ArquillianResource
    URL deployed;
    static Server server;

    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "limits");
    }

    static String texts(int count, int repeat) {
        StringBuilder body = new StringBuilder("{\"texts\": [");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(("slow text " + i + " for the engine . ").repeat(repeat)).append('"');
        }
        return body.append("]}").toString();
    }

    static long metric(String name) throws Exception {
        return (long) OperationsIT.value(Http.get(server.metrics()).body(), name);
    }

    @Test
    void aRequestPastTheTimeoutAnswers408AndItsWorkStops() throws Exception {
        long runsBefore = metric("sentio_batch_size_count");
        long start = System.nanoTime();
        // 128 texts of 128 tokens, one per run on one thread: many seconds of work
        HttpResponse<String> response = Http.postJson(server.uri("/api/analyze"), texts(128, 30));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(408, response.statusCode(), response.body());
        AnalyzeIT.assertProblem(response, 408);
        JsonObject problem = Http.json(response);
        assertTrue(problem.getString("detail").contains("timeout of 1.5 s"), problem.getString("detail"));
        assertTrue(seconds < 10, "answered after " + seconds + " s with a 1.5 s timeout");
        System.out.printf("LimitsIT: 408 for 128 texts after %.2f s with a 1.5 s timeout%n", seconds);

        // the worker is free again at once: a small request is served, and the timed-out texts were dropped
        HttpResponse<String> next = Http.postJson(server.uri("/api/analyze"), "{\"text\": \"a lovely film\"}");
        assertEquals(200, next.statusCode(), next.body());
        // the withdrawn texts leave the queue as workers reach them; then the run count stops moving
        assertTrue(Await.until(Duration.ofSeconds(10), () -> metric("sentio_queue_depth") == 0), "queue drained");
        long[] last = {-1};
        assertTrue(Await.until(Duration.ofSeconds(10), () -> {
            long now = metric("sentio_batch_size_count");
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        }), "runs settled");
        long runs = metric("sentio_batch_size_count") - runsBefore;
        assertTrue(runs < 100, "only " + runs + " of 128 texts were run before the work was withdrawn");
    }

    @Test
    void requestsOverTheBulkheadGet429WithRetryAfter() throws Exception {
        OpenApiContract contract = OpenApiContract.of(server);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> Http.postJson(server.uri("/api/analyze"), texts(6, 10))));
            }
            int ok = 0;
            int rejected = 0;
            for (Future<HttpResponse<String>> call : calls) {
                HttpResponse<String> response = call.get();
                if (response.statusCode() == 200) {
                    ok++;
                    assertEquals(6, Http.json(response).getJsonArray("results").size());
                } else {
                    assertEquals(429, response.statusCode(), response.body());
                    AnalyzeIT.assertProblem(response, 429);
                    contract.check("POST", "/api/analyze", response);
                    assertTrue(Integer.parseInt(response.headers().firstValue("Retry-After").orElse("0")) > 0);
                    rejected++;
                }
            }
            assertTrue(ok >= 2, ok + " admitted");
            assertTrue(rejected >= 1, rejected + " rejected");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rememberedAnswersAreServedWhileTheBulkheadIsFull() throws Exception {
        String remembered = "{\"text\": \"remembered before the rush " + UUID.randomUUID() + "\"}";
        assertEquals(200, Http.postJson(server.uri("/api/analyze"), remembered).statusCode());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // four requests of new texts for the two places: two hold them until the timeout (1.5 s), and the
            // first answer back is a refusal, sent while the two are in
            CompletionService<HttpResponse<String>> slow = new ExecutorCompletionService<>(pool);
            String run = UUID.randomUUID().toString();
            for (int i = 0; i < 4; i++) {
                String body = texts(40, 30).replace("slow text", run + " " + i + " slow text");
                slow.submit(() -> Http.postJson(server.uri("/api/analyze"), body));
            }
            HttpResponse<String> first = slow.take().get();
            assertEquals(429, first.statusCode(), first.body());
            HttpResponse<String> answer = Http.postJson(server.uri("/api/analyze"), remembered);
            HttpResponse<String> after = Http.postJson(server.uri("/api/analyze"), "{\"text\": \"new after "
                    + UUID.randomUUID() + "\"}");
            assertEquals(429, after.statusCode(), "not full after the remembered text was asked: " + after.body());
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(Http.json(answer).getBoolean("cached"), answer.body());
            for (int i = 1; i < 4; i++) {
                int status = slow.take().get().statusCode();
                assertTrue(status == 200 || status == 408 || status == 429, "a slow request answered " + status);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAnAdminTokenAdminOperationsAreRefused() throws Exception {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(server.uri("/api/performance/reset"))
                .header("Authorization", "Bearer anything").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, response.statusCode());
        AnalyzeIT.assertProblem(response, 403);
    }

    /** Sends the head of a POST /api/analyze and {@code body} over a raw connection; the connection stays open. */
    static Socket startPost(int contentLength, String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.uri("/").getPort());
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/analyze HTTP/1.1\r\nHost: sentio\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    /** The whole answer on a connection the server closes after answering, or up to its body's closing brace. */
    static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) > 0) {
            got.write(chunk, 0, n);
            String text = got.toString(StandardCharsets.UTF_8);
            if (text.contains("\r\n\r\n") && text.trim().endsWith("}")) {
                break;
            }
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Test
    void bodiesSentTooSlowlyAreCutOffWith408WhileOthersAreServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < 250; i++) { // more than Payara's 200 HTTP threads: none may be held by a slow body
                slow.add(startPost(100_000, "{\"text\": \"slow"));
            }
            HttpResponse<String> ready = Http.get(server.uri("/health/ready"));
            assertEquals(200, ready.statusCode(), "health answers while 250 bodies trickle in");
            HttpResponse<String> other = Http.postJson(server.uri("/api/analyze"), "{\"text\": \"a lovely film\"}");
            assertEquals(200, other.statusCode(), other.body());
            for (Socket socket : slow) {
                String answer = answer(socket);
                assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
                assertTrue(answer.contains("application/problem+json") && answer.contains("slow-request")
                        && answer.contains("REQUEST_READ_TIMEOUT") && !answer.contains("Exception"), answer);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 10, "all cut off after " + seconds + " s with a 1 s read timeout");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyArrivingInPiecesWithinTheDeadlineIsServed() throws Exception {
        String body = "{\"text\": \"a lovely, warm and funny film\"}";
        try (Socket socket = startPost(body.length(), body.substring(0, 10))) {
            socket.setSoTimeout(300); // no answer while the body is incomplete: the server waits for the rest
            assertThrows(java.net.SocketTimeoutException.class, () -> socket.getInputStream().read());
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(body.substring(10).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String answer = answer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("\"label\":\"POSITIVE\""), answer);
        }
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        try (Socket socket = startPost(50_000_000, "")) {
            String answer = answer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("application/problem+json") && answer.contains("ANALYZE_MAX_BODY_BYTES"), answer);
        }
    }
}
