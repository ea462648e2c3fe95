package io.sentio.monitoring.boundary;

import io.sentio.monitoring.control.AccessLog;
import io.sentio.monitoring.control.RequestFacts;
import io.sentio.problems.entity.RequestAttributes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/** The access line and figures ({@link AccessLog}) of every request that JAX-RS answers. */
@Provider
public class RequestLog implements ContainerResponseFilter {

    @Inject
    AccessLog log;

    @Inject
    RequestFacts facts;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(RequestAttributes.START);
        double millis = start instanceof Long s ? (System.nanoTime() - s) / 1e6 : 0;
        log.answered(request.getProperty(RequestAttributes.ID),
                servletRequest == null ? "-" : servletRequest.getRemoteAddr(),
                request.getHeaderString("X-Forwarded-For"), request.getMethod(),
                request.getUriInfo().getRequestUri().getRawPath(), response.getStatus(), millis, facts.model(),
                facts.texts(), facts.errorType());
    }
}
