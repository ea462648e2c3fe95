package io.sentio.analysis.boundary;

import io.sentio.JsonConfiguration;
import io.sentio.analysis.control.RateLimits;
import io.sentio.analysis.control.RequestLimits;
import io.sentio.analysis.control.RequestParser;
import io.sentio.analysis.control.SentimentAnalyzer;
import io.sentio.analysis.entity.Analysis;
import io.sentio.analysis.entity.AnalysisRequest;
import io.sentio.cache.entity.CacheUse;
import io.sentio.models.control.ModelRegistry;
import io.sentio.monitoring.control.AccessLog;
import io.sentio.monitoring.control.ClientDisconnects;
import io.sentio.monitoring.control.ServiceMetrics;
import io.sentio.problems.boundary.BodyInMemory;
import io.sentio.problems.boundary.DisconnectGuard;
import io.sentio.problems.boundary.RequestIds;
import io.sentio.settings.control.SettingsCheck;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers an analysis whose every text the result cache remembers before JAX-RS sees it, with the body JAX-RS would
 * write; every other request goes on unchanged, its texts already asked of the cache (no second lookup).
 * <p>
 * A remembered answer costs no model run, so its price is the request path: measured on a two-instance cluster under
 * mixed load, JAX-RS (matching, parameter injection, interceptors, the entity writer) took about half of a hit's
 * request-thread CPU (docs/cluster.md). Only the plain case is taken here: a POST with its whole body already
 * received, JSON (or no Content-Type), an {@code Accept} that takes JSON, no {@code Cache-Control} that refuses the
 * cache, no rate limit configured, valid settings and the model loaded. Anything else, and any body the parser
 * refuses, is left to the resource, which answers it (errors included) as it always has.
 */
@WebFilter(urlPatterns = "/api/analyze", asyncSupported = true)
public class RememberedAnswers extends HttpFilter {

    /** The request attribute with a request this filter parsed and asked of the cache, for the resource. */
    static final String LOOKED = "sentio.analysis.looked";

    /** A request parsed and its texts asked of the cache; the filter holds the lease until the resource is done. */
    record Looked(AnalysisRequest request, SentimentAnalyzer.Looked texts) {
    }

    @Inject
    SentimentAnalyzer analyzer;

    @Inject
    RateLimits rateLimits;

    @Inject
    SettingsCheck settings;

    @Inject
    AccessLog log;

    @Inject
    ServiceMetrics metrics;

    @Inject
    RequestParser parser;

    @Inject
    RequestLimits limits;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        byte[] body = plain(request) ? received(request) : null;
        if (body == null) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest again = new BodyInMemory(request, () -> body);
        AnalysisRequest parsed;
        try {
            parsed = parser.parse(new ByteArrayInputStream(body));
        } catch (RuntimeException e) {
            chain.doFilter(again, response); // the resource parses it again and answers the problem
            return;
        }
        Optional<SentimentAnalyzer.Looked> looked;
        try {
            looked = analyzer.lookFirst(parsed, CacheUse.USE);
        } catch (RuntimeException e) {
            looked = Optional.empty(); // the resource meets the same failure and answers it as a problem
        }
        if (looked.isEmpty()) {
            chain.doFilter(again, response); // the model is not loaded: the resource loads it
            return;
        }
        try (ModelRegistry.Lease lease = looked.get().lease()) {
            if (!looked.get().complete()) {
                again.setAttribute(LOOKED, new Looked(parsed, looked.get()));
                chain.doFilter(again, response);
                return;
            }
            Analysis analysis = looked.get().remembered();
            byte[] json = JsonConfiguration.jsonb().toJson(SentimentsResource.entity(parsed, analysis))
                    .getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.APPLICATION_JSON);
            response.setContentLength(json.length);
            try {
                response.getOutputStream().write(json);
            } catch (IOException e) {
                // the client went away: counted as DisconnectGuard counts it, by the guard where it runs around
                // this filter (the servlet container orders annotated filters as it likes)
                if (request.getAttribute(DisconnectGuard.GUARDED) != null || !ClientDisconnects.isDisconnect(e)) {
                    throw e;
                }
                metrics.clientDisconnected();
                return;
            }
            log.answered(RequestIds.randomId(), request.getRemoteAddr(), request.getHeader("X-Forwarded-For"),
                    request.getMethod(), request.getRequestURI(), HttpServletResponse.SC_OK,
                    (System.nanoTime() - start) / 1e6, analysis.model(), parsed.texts().size(), null);
        }
    }

    /** A request this filter may answer, as far as its line and headers and the server's settings tell. */
    private boolean plain(HttpServletRequest request) {
        return plain(request.getMethod(), request.getContentType(), request.getHeader("Accept"),
                request.getHeader("Cache-Control"), rateLimits.limiting(), settings.problems().isEmpty());
    }

    static boolean plain(String method, String contentType, String accept, String cacheControl, boolean rateLimited,
                         boolean settingsValid) {
        return "POST".equals(method) && !rateLimited && settingsValid && json(contentType) && acceptsJson(accept)
                && CacheUse.of(cacheControl) == CacheUse.USE;
    }

    /** The whole body when the server has received all of it already and it is within the limit; else null. */
    private byte[] received(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared <= 0 || declared > limits.maxBodyBytes()) {
            return null;
        }
        ServletInputStream in = request.getInputStream();
        return in.available() >= declared ? in.readNBytes((int) declared) : null;
    }

    /** No Content-Type (read as JSON, docs/CONTRACT.md) or {@code application/json} with any parameters. */
    static boolean json(String contentType) {
        if (contentType == null) {
            return true;
        }
        int end = contentType.indexOf(';');
        String type = end < 0 ? contentType : contentType.substring(0, end);
        return type.trim().equalsIgnoreCase(MediaType.APPLICATION_JSON);
    }

    /** No Accept, or one with a range that takes {@code application/json} at a quality above 0. */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!type.equals(MediaType.APPLICATION_JSON) && !type.equals("application/*") && !type.equals("*/*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                if (parameter.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(parameter.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        return false; // JAX-RS decides what a malformed Accept gets
                    }
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }
}
