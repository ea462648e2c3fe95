package io.sentio.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The result cache shared by two instances through Payara's Hazelcast JCache: two Payara Micro instances forming a
 * cluster on loopback (arquillian.xml). What one instance scored, the other answers from the shared store.
 * {@link RedisCacheIT} runs the same checks against Redis.
 */
@ExtendWith(ArquillianExtension.class)
class SharedCacheIT {

    @Deployment(name = "a", testable = false)
    @TargetsContainer("hazelcast-a")
    static WebArchive a() {
        return Deployments.war("hazelcast-a");
    }

    @Deployment(name = "b", testable = false)
    @TargetsContainer("hazelcast-b")
    static WebArchive b() {
        return Deployments.war("hazelcast-b");
    }

    @ArquillianResource
    @OperateOnDeployment("a")
    URL a;
    @ArquillianResource
    @OperateOnDeployment("b")
    URL b;

    @Test
    void aPayaraClusterSharesItsAnswersThroughHazelcast() throws Exception {
        Server serverB = Server.at(b, "hazelcast-b");
        sharesAnswers(Server.at(a, "hazelcast-a"), serverB, "hazelcast");
        // every member keeps a copy of what the others scored (CACHE_REPLICATE), sent to it over a Hazelcast topic
        assertTrue(cache(serverB).getString("store").contains("copies on every member"), cache(serverB).toString());
        String metrics = Http.get(serverB.metrics()).body();
        assertTrue(metrics.matches("(?s).*\\nsentio_cache_copies_received_total [1-9].*"), metrics);
    }

    /** The shared cache's tests: returns a text both instances now hold. */
    static String sharesAnswers(Server a, Server b, String store) throws Exception {
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

    static JsonObject analyze(Server server, String text) throws IOException, InterruptedException {
        var response = Http.postJson(server.uri("/api/analyze"), "{\"text\":" + Http.quote(text) + "}");
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    static JsonObject cache(Server server) throws IOException, InterruptedException {
        return Http.json(Http.get(server.uri("/api/performance"))).getJsonObject("cache");
    }
}
