package io.sentio.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM on a server with a long request in flight (one single-threaded run of one text at a time): readiness goes
 * DOWN at once, a new analysis is refused with 503 shutting-down and Retry-After, the admitted request is answered
 * whole, and the process exits within the grace period without a crash file.
 */
@ExtendWith(ArquillianExtension.class)
class ShutdownIT {

    @Deployment(testable = false)
    @TargetsContainer("shutdown")
    static WebArchive war() {
        return Deployments.war("shutdown");
    }

    @ArquillianResource
    URL deployed;

    @Test
    void sigtermFinishesAdmittedWorkRefusesNewWorkAndExits() throws Exception {
        Server server = Server.at(deployed, "shutdown");
        CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return Http.postJson(server.uri("/api/analyze"), LimitsIT.texts(128, 30));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(Await.until(Duration.ofSeconds(10), () -> queued(server) > 0), "the request is admitted");

        ProcessHandle process = server.terminate();
        long signalled = System.nanoTime();
        assertTrue(Await.until(Duration.ofSeconds(1), () -> Http.get(server.uri("/health/ready")).statusCode() == 503),
                "readiness DOWN within 1 s");
        JsonObject ready = Http.json(Http.get(server.uri("/health/ready")));
        assertEquals("the server is shutting down",
                Http.check(ready, "default-model").getJsonObject("data").getString("reason"));

        HttpResponse<String> refused = Http.postJson(server.uri("/api/analyze"), "{\"text\": \"a new request\"}");
        assertEquals(503, refused.statusCode(), refused.body());
        AnalyzeIT.assertProblem(refused, 503);
        assertEquals("https://sentio.io/problems/shutting-down", Http.json(refused).getString("type"));
        assertTrue(Integer.parseInt(refused.headers().firstValue("Retry-After").orElse("0")) > 0);

        HttpResponse<String> admitted = inFlight.get(60, TimeUnit.SECONDS);
        assertEquals(200, admitted.statusCode(), admitted.body());
        assertEquals(128, Http.json(admitted).getJsonArray("results").size());
        HttpResponse<String> next = Http.postJson(server.uri("/api/analyze"), "{\"text\": \"right after\"}");
        assertEquals("https://sentio.io/problems/shutting-down", Http.json(next).getString("type"),
                "a client's next request after its last admitted one learns that the instance stops");

        // Arquillian started the process, so its exit code is not ours to read: the log says how it ended
        assertTrue(Server.awaitExit(process, Duration.ofSeconds(60)), "exits within the grace period");
        System.out.printf("ShutdownIT: exited %.1f s after SIGTERM%n", (System.nanoTime() - signalled) / 1e9);
        String log = server.logText();
        assertTrue(log.contains("every admitted analysis answered"), server.logTail());
        assertFalse(Files.exists(Path.of("hs_err_pid" + process.pid() + ".log")), "no JVM crash");
    }

    static double queued(Server server) throws Exception {
        return OperationsIT.value(Http.get(server.metrics()).body(), "sentio_queue_depth");
    }
}
