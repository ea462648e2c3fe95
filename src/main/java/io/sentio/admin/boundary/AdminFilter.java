package io.sentio.admin.boundary;

import io.sentio.admin.AdminOnly;
import io.sentio.admin.control.AdminGuard;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Lets a request reach an {@link AdminOnly} method only with the admin token. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHORIZATION)
public class AdminFilter implements ContainerRequestFilter {

    @Inject
    AdminGuard guard;

    @Override
    public void filter(ContainerRequestContext request) {
        guard.check(request.getHeaderString(HttpHeaders.AUTHORIZATION));
    }
}
