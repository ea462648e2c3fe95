package io.sentio.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server made slow on purpose (one thread, one text per run) with a 1.5 s timeout and room for two
 * analyses at once: timeouts stop the work, the bulkhead rejects the excess, and without an admin
 * token admin operations are refused.
 */
class LimitsIT {

    static PayaraMicro server;

    @BeforeAll
    static void start() throws Exception {
        server = PayaraMicro.start(Map.of(
                "REQUEST_TIMEOUT", "1.5", // fractions of a second are allowed
                "ANALYSIS_MAX_CONCURRENT", "2",
                "ONNX_INTRA_THREADS", "1",
                "ONNX_PARALLEL_RUNS", "1", // one worker: the request after a timeout proves that worker is free
                "BATCH_MAX_SIZE", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String texts(int count, int repeat) {
        StringBuilder body = new StringBuilder("{\"texts\": [");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(("slow text " + i + " for the engine . ").repeat(repeat)).append('"');
        }
        return body.append("]}").toString();
    }

    static long metric(String name) throws Exception {
        return (long) OperationsIT.value(Http.get(server.uri("/metrics")).body(), name);
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
    void withoutAnAdminTokenAdminOperationsAreRefused() throws Exception {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(server.uri("/api/performance/reset"))
                .header("Authorization", "Bearer anything").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, response.statusCode());
        AnalyzeIT.assertProblem(response, 403);
    }
}
