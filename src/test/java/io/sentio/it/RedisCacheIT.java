package io.sentio.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SharedCacheIT}'s checks against Redis (Debian's redis-server, started here before the two instances that
 * share it, through Redisson's JCache provider), and what happens when Redis dies: answers keep coming.
 */
@ExtendWith(ArquillianExtension.class)
class RedisCacheIT {

    static Process redis;

    @Deployment(name = "a", testable = false)
    @TargetsContainer("redis-a")
    static WebArchive a() throws IOException {
        startRedis();
        return Deployments.war("redis-a");
    }

    @Deployment(name = "b", testable = false)
    @TargetsContainer("redis-b")
    static WebArchive b() throws IOException {
        startRedis();
        return Deployments.war("redis-b");
    }

    /**
     * The Redis that both instances use ({@code it-settings/redis.properties}), on the port the build reserved,
     * started before their servers; where redis-server is missing the test skips (or fails under CI).
     */
    static synchronized void startRedis() throws IOException {
        if (redis == null && OperationsIT.debianTool("redis-server")) {
            Path dir = Deployments.freshDir("redis");
            redis = new ProcessBuilder("redis-server", "--port", Server.required("sentio.it.redis.port"),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        }
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.destroyForcibly();
        }
    }

    @ArquillianResource
    @OperateOnDeployment("a")
    URL a;
    @ArquillianResource
    @OperateOnDeployment("b")
    URL b;

    @Test
    void instancesWithOneRedisShareTheirAnswersAndSurviveItsLoss() throws Exception {
        OperationsIT.assumeDebianTool("redis-server", "redis-server");
        Server first = Server.at(a, "redis-a");
        Server second = Server.at(b, "redis-b");
        String text = SharedCacheIT.sharesAnswers(first, second, "redis");

        // Redis gone: answers keep coming, from the local store and the model; the failures are counted
        redis.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(SharedCacheIT.analyze(second, text).getBoolean("cached"), "still in b's local store");
        String unseen = "Redis is down and this still gets an answer, " + UUID.randomUUID();
        JsonObject answer = SharedCacheIT.analyze(first, unseen);
        assertFalse(answer.getBoolean("cached"));
        assertTrue(SharedCacheIT.cache(first).getInt("shared_errors") >= 1, SharedCacheIT.cache(first).toString());
    }
}
