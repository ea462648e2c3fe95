package io.sentio.problems.boundary;

import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The application's error page ({@code WEB-INF/web.xml}): what the container itself refuses (no such file,
 * a protected path such as {@code /WEB-INF/}, a method the static files do not take) is answered as a
 * problem detail, as {@link ProblemMapper} answers the API, instead of the server's HTML page.
 */
@WebServlet(ErrorPage.PATH)
public class ErrorPage extends HttpServlet {

    static final String PATH = "/error-page";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (status instanceof Integer code) {
            // a method no servlet implements (PATCH on a static file) is the client's: 405, never a 5xx
            int answer = code == HttpServletResponse.SC_NOT_IMPLEMENTED ? HttpServletResponse.SC_METHOD_NOT_ALLOWED : code;
            if (answer == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
                response.setHeader("Allow", "GET, HEAD, OPTIONS");
            }
            write(uri instanceof String path ? path : request.getRequestURI(), request.getMethod(), response, answer);
        } else {
            write(request.getRequestURI(), request.getMethod(), response, 404); // asked for directly
        }
    }

    private static void write(String path, String method, HttpServletResponse response, int status) {
        ProblemKind kind = ProblemKind.forStatus(status);
        String detail = switch (kind) {
            case NOT_FOUND -> "no such resource: " + SentioException.echo(path);
            case METHOD_NOT_ALLOWED -> method + " is not allowed on " + SentioException.echo(path);
            default -> kind.title();
        };
        ProblemResponse.send(response, kind, status, detail);
    }
}
