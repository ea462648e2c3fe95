package io.sentio.problems.boundary;

import io.sentio.problems.entity.RequestAttributes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Gives every API request an id and a start time, which error answers and the log quote. */
@Provider
@PreMatching
public class RequestIds implements ContainerRequestFilter {

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String id = randomId().toString();
        long start = System.nanoTime();
        request.setProperty(RequestAttributes.ID, id);
        request.setProperty(RequestAttributes.START, start);
    }

    /**
     * A random (version 4) UUID from the thread's own generator: an id tells requests apart and is no secret, so it
     * needs neither {@link UUID#randomUUID}'s cryptographic generator nor its lock, which every request thread shares.
     */
    public static UUID randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = random.nextLong() & ~(0b11L << 62) | (0b10L << 62); // variant 2 (RFC 4122)
        return new UUID(high, low);
    }

    static String current(HttpServletRequest request) {
        Object id = attribute(request, RequestAttributes.ID);
        return id == null ? null : "urn:uuid:" + id;
    }

    static long elapsedMillis(HttpServletRequest request) {
        Object start = attribute(request, RequestAttributes.START);
        return start instanceof Long s ? (System.nanoTime() - s) / 1_000_000 : -1;
    }

    private static Object attribute(HttpServletRequest request, String name) {
        try {
            return request == null ? null : request.getAttribute(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
