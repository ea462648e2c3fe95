package io.sentio.analysis.boundary;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An analysis body sent without a {@code Content-Type} is read as JSON (docs/CONTRACT.md), on every server: Jersey
 * (Payara) matches a request without one to any {@code @Consumes}, RESTEasy (Open Liberty) takes it for
 * {@code application/octet-stream} and would answer 415. The header is added here, before JAX-RS sees the request.
 */
@WebFilter(urlPatterns = "/api/analyze", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class JsonByDefault extends HttpFilter {

    private static final String CONTENT_TYPE = "Content-Type";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request.getContentType() == null ? new Json(request) : request, response);
    }

    /** The request with {@code Content-Type: application/json}. */
    private static final class Json extends HttpServletRequestWrapper {
        Json(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getContentType() {
            return MediaType.APPLICATION_JSON;
        }

        @Override
        public String getHeader(String name) {
            return CONTENT_TYPE.equalsIgnoreCase(name) ? MediaType.APPLICATION_JSON : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return CONTENT_TYPE.equalsIgnoreCase(name) ? Collections.enumeration(Set.of(MediaType.APPLICATION_JSON))
                    : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.add(CONTENT_TYPE);
            return Collections.enumeration(names);
        }
    }
}
