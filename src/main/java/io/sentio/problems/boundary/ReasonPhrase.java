package io.sentio.problems.boundary;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The status line's reason phrase for the statuses Sentio sends that Payara's HTTP layer (Grizzly) has no phrase
 * for, 429 and 507: without this they go out as {@code 429 CUSTOM}. Servlet 6 has no API for a reason phrase, so
 * this reaches Grizzly's own response, which has one, behind Payara's servlet response; on any other server (or a
 * Payara whose internals differ) it does nothing and the server's own status line stands. Clients act on the code,
 * not the phrase (RFC 9110, section 15), so nothing depends on it but what people read in logs and traces.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR})
public class ReasonPhrase extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(ReasonPhrase.class.getName());
    static final Map<Integer, String> PHRASES = Map.of(429, "Too Many Requests", 507, "Insufficient Storage");

    /** Payara's path from its servlet response to Grizzly's, found on the first answer; null where there is none. */
    private static volatile Access access;
    private static volatile boolean looked;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, looked && access == null ? response : new Phrased(response));
    }

    private static final class Phrased extends HttpServletResponseWrapper {
        private final HttpServletResponse container;

        Phrased(HttpServletResponse response) {
            super(response);
            this.container = response;
        }

        @Override
        public void setStatus(int status) {
            super.setStatus(status);
            String phrase = PHRASES.get(status);
            if (phrase != null && !isCommitted()) {
                ServletResponse inner = container;
                while (inner instanceof HttpServletResponseWrapper wrapper) {
                    inner = wrapper.getResponse();
                }
                if (!looked) {
                    access = Access.find(inner.getClass());
                    looked = true;
                }
                if (access != null) {
                    access.setStatus(inner, status, phrase);
                }
            }
        }
    }

    /** Reflection into Payara: ResponseFacade.response → catalina Response.getCoyoteResponse() → setStatus(int, String). */
    private record Access(Class<?> facade, Field response, Method coyote, Method setStatus) {

        static Access find(Class<?> type) {
            if (!type.getName().equals("org.apache.catalina.connector.ResponseFacade")) {
                LOG.fine(() -> "the server's response is a " + type.getName() + ": 429 and 507 keep its status line");
                return null;
            }
            try {
                Field response = type.getDeclaredField("response");
                response.setAccessible(true);
                Method coyote = response.getType().getMethod("getCoyoteResponse");
                Method setStatus = coyote.getReturnType().getMethod("setStatus", int.class, String.class);
                return new Access(type, response, coyote, setStatus);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                LOG.log(Level.FINE, "Payara's response is not as expected: 429 and 507 keep its status line", e);
                return null;
            }
        }

        void setStatus(ServletResponse inner, int status, String phrase) {
            if (!facade.isInstance(inner)) {
                return;
            }
            try {
                setStatus.invoke(coyote.invoke(response.get(inner)), status, phrase);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.FINE, "could not set the reason phrase of " + status, e);
            }
        }
    }
}
