package io.sentio.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP API under generated hostile input ({@link HttpFuzz}): never a 5xx, always problem+json or a valid
 * answer, and the server still ready afterwards. {@code -Dfuzz.cases} and {@code -Dfuzz.seed} change the run;
 * {@code bench/fuzz.sh} runs hundreds of thousands of cases.
 */
@ExtendWith(ArquillianExtension.class)
class FuzzIT {

    @Deployment(testable = false)
    @TargetsContainer("fuzz")
    static WebArchive war() {
        return Deployments.war("fuzz");
    }

    @ArquillianResource
    URL deployed;

    @Test
    void hostileInputNeverBreaksTheContract() throws Exception {
        Server server = Server.at(deployed, "fuzz");
        int cases = Integer.getInteger("fuzz.cases", 2000);
        long seed = Long.getLong("fuzz.seed", System.currentTimeMillis());
        System.out.printf("fuzz: %d cases, seed %d (-Dfuzz.seed=%d repeats them)%n", cases, seed, seed);
        HttpFuzz.Outcome outcome = new HttpFuzz(server.uri("/"), seed).run(cases);
        System.out.printf("fuzz: %d cases, seed %d, statuses %s, refused by the HTTP layer %d%n", cases, seed,
                outcome.byStatus(), outcome.refusedByHttpLayer());
        if (outcome.violations().stream().anyMatch(v -> v.contains("got no answer"))) {
            // the server's threads at that moment, for whoever looks into it (target/fuzz-no-answer-threads.txt)
            new ProcessBuilder("jcmd", Long.toString(server.pid()), "Thread.print")
                    .redirectOutput(java.nio.file.Path.of("target", "fuzz-no-answer-threads.txt").toFile())
                    .redirectErrorStream(true).start().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertTrue(outcome.violations().isEmpty(), "seed " + seed + ": " + String.join("\n", outcome.violations()));
        assertEquals(200, Http.get(server.uri("/health/ready")).statusCode(), "still ready after " + cases + " cases");
    }
}
