package io.sentio.monitoring.control;

import java.util.Arrays;
import java.util.List;

/**
 * Who a request came from: the socket peer, unless the peer is a trusted proxy, in which case the nearest
 * address in {@code X-Forwarded-For} that is not itself a trusted proxy. A client can put anything in that
 * header, so it is believed only as far as it was written by proxies we trust.
 */
public final class ClientAddress {

    private final List<String> trusted;

    /** @param trustedProxies comma-separated proxy addresses; blank or null: none */
    public ClientAddress(String trustedProxies) {
        this.trusted = trustedProxies == null ? List.of() : Arrays.stream(trustedProxies.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusted.contains(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
