package io.sentio.problems.boundary;

import io.sentio.monitoring.control.ClientDisconnects;
import io.sentio.monitoring.control.ServiceMetrics;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;

/**
 * A request whose client went away ends here, counted: once writing its answer has failed, an error the
 * runtime raises about that (its {@code sendError}, or the I/O exception itself) is not handed to the
 * container, which would run the error page on the same closed connection and log that failure with a stack
 * trace, once per disconnect.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class DisconnectGuard extends HttpFilter {

    /** Set on a request this filter guards: a filter that runs inside it leaves a failed write to it. */
    public static final String GUARDED = "sentio.disconnect.guarded";

    @Inject
    ServiceMetrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Guarded guarded = new Guarded(response);
        request.setAttribute(GUARDED, Boolean.TRUE);
        try {
            chain.doFilter(request, guarded);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!guarded.gone && !ClientDisconnects.isDisconnect(e)) {
                throw e;
            }
            guarded.gone = true;
        }
        if (guarded.gone) {
            metrics.clientDisconnected();
        }
    }

    /** The response, remembering whether writing it failed. */
    private static final class Guarded extends HttpServletResponseWrapper {
        boolean gone;
        private ServletOutputStream stream;

        Guarded(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (!gone) {
                super.sendError(status, message);
            }
        }

        @Override
        public void sendError(int status) throws IOException {
            if (!gone) {
                super.sendError(status);
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream real = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        try {
                            real.write(b);
                        } catch (IOException e) {
                            gone = true;
                            throw e;
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        try {
                            real.write(b, off, len);
                        } catch (IOException e) {
                            gone = true;
                            throw e;
                        }
                    }

                    @Override
                    public void flush() throws IOException {
                        try {
                            real.flush();
                        } catch (IOException e) {
                            gone = true;
                            throw e;
                        }
                    }

                    @Override
                    public void close() throws IOException {
                        try {
                            real.close();
                        } catch (IOException e) {
                            gone = true;
                            throw e;
                        }
                    }

                    @Override
                    public boolean isReady() {
                        return real.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        real.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public void flushBuffer() throws IOException {
            try {
                super.flushBuffer();
            } catch (IOException e) {
                gone = true;
                throw e;
            }
        }
    }
}
