package io.sentio.analysis.control;

import io.sentio.monitoring.control.ClientAddress;
import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import io.sentio.settings.control.ValidatedSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Per-client rate limiting of analyses, counted in texts (off unless {@code rate.limit.texts.per.second} is
 * set). A client is its API key header where one is configured and sent, else its address ({@code
 * X-Forwarded-For} only from trusted proxies). Over its budget a client gets 429 with {@code Retry-After} and
 * the IETF httpapi draft's {@code RateLimit} and {@code RateLimit-Policy} headers; other clients are untouched.
 */
@ApplicationScoped
public class RateLimits {

    static final String POLICY = "texts";

    @Inject
    @ConfigProperty(name = "rate.limit.texts.per.second", defaultValue = "0")
    String textsPerSecond;

    @Inject
    @ConfigProperty(name = "rate.limit.burst")
    Optional<String> burst;

    @Inject
    @ConfigProperty(name = "rate.limit.key.header")
    Optional<String> keyHeader;

    @Inject
    @ConfigProperty(name = "analyze.max.texts", defaultValue = "128")
    int maxTexts;

    @Inject
    ClientAddress clients;

    private RateLimiter limiter;

    @PostConstruct
    void init() {
        double rate = new BigDecimal(textsPerSecond.trim()).doubleValue();
        if (rate > 0) {
            // a bucket smaller than one allowed request would refuse that request for ever
            long size = burst.map(String::trim).filter(b -> ValidatedSettings.accepts("rate.limit.burst", b)).map(Long::valueOf)
                    .orElse(Math.max(maxTexts, (long) Math.ceil(rate)));
            limiter = new RateLimiter(rate, Math.max(size, maxTexts));
        }
    }

    /** Whether clients are limited at all ({@code RATE_LIMIT_TEXTS_PER_SECOND} above 0). */
    public boolean limiting() {
        return limiter != null;
    }

    /** The header that names a client, where one is configured. */
    public Optional<String> keyHeader() {
        return keyHeader.map(String::trim).filter(h -> !h.isEmpty());
    }

    /**
     * Takes {@code texts} from the client's budget; returns the {@code RateLimit} headers to answer with (none
     * when limiting is off), or throws 429 with them.
     */
    public Map<String, String> admit(String peer, String forwardedFor, String apiKey, int texts) {
        if (limiter == null) {
            return Map.of();
        }
        String client = apiKey != null && !apiKey.isBlank() ? "key:" + apiKey.trim() : "address:" + clients.of(peer, forwardedFor);
        RateLimiter.Decision decision = limiter.take(client, texts, System.nanoTime());
        Map<String, String> headers = Map.of(
                "RateLimit-Policy", "\"" + POLICY + "\";q=" + limiter.burst() + ";w="
                        + Math.max(1, (long) Math.ceil(limiter.burst() / limiter.rate())),
                "RateLimit", "\"" + POLICY + "\";r=" + decision.remaining() + ";t=" + decision.secondsToRefill());
        if (!decision.admitted()) {
            throw new SentioException.Unavailable(ProblemKind.RATE_LIMITED, "this client may send " + limiter.burst()
                    + " texts at once and " + limiter.rate() + " texts a second; " + decision.remaining()
                    + " left now, " + texts + " asked", (int) decision.secondsToRefill(), null, headers);
        }
        return headers;
    }
}
