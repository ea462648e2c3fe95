package io.sentio.analysis.control;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token bucket per client, on a clock the test moves. */
class RateLimiterTest {

    static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    final RateLimiter limiter = new RateLimiter(2, 10); // 2 texts a second, 10 at once

    @Test
    void aBurstThenTheRate() {
        RateLimiter.Decision first = limiter.take("a", 10, 0);
        assertTrue(first.admitted());
        assertEquals(0, first.remaining());
        assertEquals(5, first.secondsToRefill(), "10 texts at 2 a second");
        RateLimiter.Decision refused = limiter.take("a", 3, SECOND);
        assertFalse(refused.admitted());
        assertEquals(2, refused.remaining());
        assertEquals(1, refused.secondsToRefill(), "one more text comes within the second");
        assertTrue(limiter.take("a", 3, SECOND + SECOND / 2).admitted());
    }

    @Test
    void aRefusedRequestTakesNothingAndOtherClientsAreUntouched() {
        assertTrue(limiter.take("heavy", 8, 0).admitted());
        assertFalse(limiter.take("heavy", 5, 0).admitted());
        assertTrue(limiter.take("heavy", 2, 0).admitted(), "the refused 5 were not taken");
        assertTrue(limiter.take("light", 10, 0).admitted());
    }

    @Test
    void aBucketNeverHoldsMoreThanItsBurst() {
        limiter.take("a", 1, 0);
        assertFalse(limiter.take("a", 11, 3600 * SECOND).admitted());
        assertTrue(limiter.take("a", 10, 3600 * SECOND).admitted());
    }

    @Test
    void idleClientsAreForgottenOnlyWhenFull() {
        for (int i = 0; i <= RateLimiter.FORGET_ABOVE; i++) {
            limiter.take("client-" + i, 10, 0);
        }
        // every bucket is empty at time 0; at 5 s they are full again and may be dropped
        assertFalse(limiter.take("client-0", 1, 0).admitted());
        assertTrue(limiter.take("client-0", 10, 5 * SECOND).admitted());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0));
    }
}
