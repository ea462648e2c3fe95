package io.sentio.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The result cache shared by two instances: the same tests against Payara's Hazelcast JCache (two Payara Micro
 * instances forming a cluster on loopback) and against Redis (Debian's redis-server, started here, through
 * Redisson's JCache provider). What one instance scored, the other answers from the shared store.
 */
class SharedCacheIT {

    @Test
    void aPayaraClusterSharesItsAnswersThroughHazelcast() throws Exception {
        assumeTrue(PayaraMicro.payara(), "Payara's cluster: the other servers share through Redis only");
        int hazelcast = consecutiveFreePorts(2);
        Map<String, String> env = Map.of("SENTIO_CLUSTER", "sentio-it-" + UUID.randomUUID(),
                "SENTIO_CLUSTER_PORT", Integer.toString(hazelcast), "SENTIO_CLUSTER_SIZE", "2");
        try (PayaraMicro a = PayaraMicro.start(env); PayaraMicro b = PayaraMicro.start(env)) {
            sharesAnswers(a, b, "hazelcast");
        }
    }

    @Test
    void instancesWithOneRedisShareTheirAnswersAndSurviveItsLoss() throws Exception {
        OperationsIT.assumeDebianTool("redis-server", "redis-server");
        int port = PayaraMicro.freePort();
        Path dir = Files.createTempDirectory(Path.of("target"), "redis");
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        try {
            Map<String, String> env = Map.of("CACHE_REDIS_URL", "redis://127.0.0.1:" + port);
            try (PayaraMicro a = PayaraMicro.start(env); PayaraMicro b = PayaraMicro.start(env)) {
                String text = sharesAnswers(a, b, "redis");

                // Redis gone: answers keep coming, from the local store and the model; the failures are counted
                redis.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                assertTrue(analyze(b, text).getBoolean("cached"), "still in b's local store");
                String unseen = "Redis is down and this still gets an answer, " + UUID.randomUUID();
                JsonObject answer = analyze(a, unseen);
                assertFalse(answer.getBoolean("cached"));
                assertTrue(cache(a).getInt("shared_errors") >= 1, cache(a).toString());
            }
        } finally {
            redis.destroyForcibly();
        }
    }

    /** The shared cache's tests: returns a text both instances now hold. */
    private static String sharesAnswers(PayaraMicro a, PayaraMicro b, String store) throws Exception {
        assertTrue(cache(a).getString("store").contains(store), cache(a).toString());
        assertTrue(cache(b).getString("store").contains(store), cache(b).toString());
        // the shared put runs off a's request path: a text that b found already in its own store would prove
        // nothing, so each try is a new text
        String[] shared = new String[1];
        JsonObject[] answers = new JsonObject[2];
        assertTrue(Await.until(Duration.ofSeconds(30), () -> {
            String text = "Scored once, answered twice: " + UUID.randomUUID();
            answers[0] = analyze(a, text);
            assertFalse(answers[0].getBoolean("cached"));
            answers[1] = analyze(b, text);
            shared[0] = text;
            return answers[1].getBoolean("cached");
        }), "b never found what a scored in the shared store");
        assertEquals(answers[0].getJsonObject("scores"), answers[1].getJsonObject("scores"));
        assertEquals(answers[0].getInt("tokens"), answers[1].getInt("tokens"));
        assertTrue(cache(b).getInt("shared_hits") >= 1, cache(b).toString());

        // a batch on b mixes its hit with a miss, and what b scores a finds in turn
        String other = "Only b has read this one, " + UUID.randomUUID();
        var results = Http.json(Http.postJson(b.uri("/api/analyze"), "{\"texts\":[" + Http.quote(shared[0]) + ","
                + Http.quote(other) + "]}")).getJsonArray("results");
        assertEquals(List.of(true, false), results.stream().map(r -> r.asJsonObject().getBoolean("cached")).toList());
        assertTrue(Await.until(Duration.ofSeconds(10), () -> analyze(a, other).getBoolean("cached")),
                "a never found what b scored");
        String metrics = Http.get(b.metrics()).body();
        assertTrue(metrics.matches("(?s).*\\nsentio_cache_hits_total\\{store=\"shared\"} [1-9].*"), metrics);
        return shared[0];
    }

    private static JsonObject analyze(PayaraMicro server, String text) throws IOException, InterruptedException {
        var response = Http.postJson(server.uri("/api/analyze"), "{\"text\":" + Http.quote(text) + "}");
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private static JsonObject cache(PayaraMicro server) throws IOException, InterruptedException {
        return Http.json(Http.get(server.uri("/api/performance"))).getJsonObject("cache");
    }

    /** The first of {@code n} consecutive loopback ports free at this moment. */
    private static int consecutiveFreePorts(int n) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = PayaraMicro.freePort();
            if (first + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = first + 1; p < first + n && free; p++) {
                try (ServerSocket probe = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                    free = probe.getLocalPort() == p;
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no " + n + " consecutive free ports found");
    }
}
