package io.sentio.admin.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Admin operations need {@code Authorization: Bearer <ADMIN_TOKEN>}. Without a configured token every
 * admin operation is refused: an unset secret must never mean "open".
 */
@ApplicationScoped
public class AdminGuard {

    @Inject
    @ConfigProperty(name = "admin.token")
    Optional<String> token;

    /** Throws 401 without credentials, 403 with wrong ones or when no admin token is configured. */
    public void check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new NotAuthorizedException("admin operation: send Authorization: Bearer <ADMIN_TOKEN>", "Bearer");
        }
        String configured = token.filter(t -> !t.isBlank()).orElse(null);
        if (configured == null) {
            throw new ForbiddenException("admin operations are disabled: no ADMIN_TOKEN is configured");
        }
        String presented = authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), configured.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenException("the admin token is not valid");
        }
    }
}
