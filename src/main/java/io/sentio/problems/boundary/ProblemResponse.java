package io.sentio.problems.boundary;

import io.sentio.JsonConfiguration;
import io.sentio.monitoring.control.ClientDisconnects;
import io.sentio.problems.entity.Problem;
import io.sentio.problems.entity.ProblemKind;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a problem detail straight to a servlet response: for answers given before or outside JAX-RS. */
final class ProblemResponse {

    private ProblemResponse() {
    }

    static void send(HttpServletResponse response, ProblemKind kind, int status, String detail) {
        Problem problem = new Problem(kind.typeUri(), kind.title(), status, detail, null);
        byte[] body = JsonConfiguration.jsonb().toJson(problem).getBytes(StandardCharsets.UTF_8);
        try {
            response.resetBuffer();
            response.setStatus(status);
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (IOException | IllegalStateException clientGone) {
            // the client closed the connection (or the answer was already on its way): no one is left to answer,
            // and a stack trace per disconnect would let any client fill the log
            ClientDisconnects.clientGone();
        }
    }
}
