package io.sentio.admin.control;

import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException.ClientError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Admin operations need {@code Authorization: Bearer <ADMIN_TOKEN>} (the scheme in any case, as RFC 9110
 * says). Without a configured token every admin operation is refused: an unset secret must never mean "open".
 */
@ApplicationScoped
public class AdminGuard {

    private static final String SCHEME = "bearer ";

    @Inject
    @ConfigProperty(name = "admin.token")
    Optional<String> token;

    /** Unauthorized without credentials; forbidden with wrong ones or when no admin token is configured. */
    public void check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new ClientError(ProblemKind.UNAUTHORIZED, "admin operation: send Authorization: Bearer <ADMIN_TOKEN>");
        }
        String configured = token.filter(t -> !t.isBlank()).orElse(null);
        if (configured == null) {
            throw new ClientError(ProblemKind.FORBIDDEN, "admin operations are disabled: no ADMIN_TOKEN is configured");
        }
        if (!MessageDigest.isEqual(presented(authorization).getBytes(StandardCharsets.UTF_8),
                configured.getBytes(StandardCharsets.UTF_8))) {
            throw new ClientError(ProblemKind.FORBIDDEN, "the admin token is not valid");
        }
    }

    /** The token of a Bearer credential; empty for any other scheme. */
    static String presented(String authorization) {
        String value = authorization.trim();
        if (value.length() <= SCHEME.length() || !value.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return "";
        }
        return value.substring(SCHEME.length()).trim();
    }
}
