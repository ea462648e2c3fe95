package io.sentio.monitoring.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Who a request came from: the socket peer, unless the peer is a trusted proxy ({@code log.trusted.proxies}),
 * in which case the nearest address in {@code X-Forwarded-For} that is not itself a trusted proxy. A client can
 * put anything in that header, so it is believed only as far as it was written by proxies we trust. The one
 * place that decides it, for the request log and the rate limits alike.
 */
@ApplicationScoped
public class ClientAddress {

    @Inject
    @ConfigProperty(name = "log.trusted.proxies")
    Optional<String> trustedProxies;

    private List<String> trusted = List.of();

    /** For CDI. */
    public ClientAddress() {
    }

    /** @param trustedProxies comma-separated proxy addresses; blank or null: none */
    ClientAddress(String trustedProxies) {
        trust(trustedProxies);
    }

    @PostConstruct
    void init() {
        trust(trustedProxies.orElse(null));
    }

    private void trust(String proxies) {
        trusted = proxies == null ? List.of() : Arrays.stream(proxies.split(","))
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
