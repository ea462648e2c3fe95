package io.sentio.monitoring.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** X-Forwarded-For is believed only as far as trusted proxies wrote it. */
class ClientAddressTest {

    final ClientAddress behindTwoProxies = new ClientAddress(" 10.0.0.1, 10.0.0.2 ,");

    @Test
    void withoutTrustedProxiesThePeerIsTheClient() {
        ClientAddress none = new ClientAddress(null);
        assertEquals("10.0.0.1", none.of("10.0.0.1", "203.0.113.7"));
        assertEquals("10.0.0.1", new ClientAddress("  ").of("10.0.0.1", "203.0.113.7"));
    }

    @Test
    void aTrustedPeersForwardedClientIsBelieved() {
        assertEquals("203.0.113.7", behindTwoProxies.of("10.0.0.1", "203.0.113.7"));
        assertEquals("203.0.113.7", behindTwoProxies.of("10.0.0.1", "203.0.113.7, 10.0.0.2"));
        assertEquals("10.0.0.1", behindTwoProxies.of("10.0.0.1", null));
    }

    @Test
    void anUntrustedPeerCannotForgeItsAddress() {
        assertEquals("198.51.100.9", behindTwoProxies.of("198.51.100.9", "203.0.113.7"));
    }

    @Test
    void whatAClientPrependedIsNotBelieved() {
        // the client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the real address
        assertEquals("203.0.113.7", behindTwoProxies.of("10.0.0.1", "1.2.3.4, 203.0.113.7"));
    }

    @Test
    void onlyTrustedHopsLeaveThePeer() {
        assertEquals("10.0.0.1", behindTwoProxies.of("10.0.0.1", "10.0.0.2, "));
    }
}
