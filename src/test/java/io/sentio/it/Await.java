package io.sentio.it;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a black-box server for a condition until a deadline: the only waiting the integration tests do. */
final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** True as soon as {@code condition} holds; false when it still does not after {@code limit}. */
    static boolean until(Duration limit, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (condition.call()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
