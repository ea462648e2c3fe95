package io.sentio.cache.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedAsksTest {

    private static int asked(SharedAsks asks, int lookups) {
        int n = 0;
        for (int i = 0; i < lookups; i++) {
            if (asks.ask()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void asksWhileTheSharedStoreFindsWhatTheCopyLacksAndThenOnlyProbes() {
        SharedAsks asks = new SharedAsks();
        assertEquals(100, asked(asks, 100)); // a member that has just started asks every time
        for (int i = 0; i < 200; i++) {
            asks.answered(1, 0); // the copy had it all: nothing more found in the shared store
        }
        assertTrue(asks.found() < SharedAsks.WORTH, "found " + asks.found());
        assertEquals(1600 / SharedAsks.PROBE_EVERY, asked(asks, 1600));
    }

    @Test
    void asksAgainOnceProbesFindWhatTheCopyLacks() {
        SharedAsks asks = new SharedAsks();
        for (int i = 0; i < 200; i++) {
            asks.answered(4, 0);
        }
        assertTrue(asks.found() < SharedAsks.WORTH);
        asks.answered(2, 2); // a probe found both keys: entries this member never received
        assertTrue(asks.found() >= SharedAsks.WORTH, "found " + asks.found());
        assertEquals(50, asked(asks, 50));
        asks.answered(0, 0); // nothing asked: nothing learnt
        assertTrue(asks.found() >= SharedAsks.WORTH);
    }
}
