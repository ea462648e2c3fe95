package io.sentio.admin.control;

import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The admin token check: scheme in any case, 401 without credentials, 403 with wrong ones or none configured. */
class AdminGuardTest {

    static AdminGuard guard(String token) {
        AdminGuard guard = new AdminGuard();
        guard.token = Optional.ofNullable(token);
        return guard;
    }

    static ProblemKind refusal(AdminGuard guard, String authorization) {
        return assertThrows(SentioException.class, () -> guard.check(authorization)).kind();
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        for (String header : new String[]{"Bearer s3cret", "bearer s3cret", "BEARER  s3cret ", " Bearer s3cret"}) {
            guard("s3cret").check(header);
        }
    }

    @Test
    void missingWrongAndUnconfigured() {
        assertEquals(ProblemKind.UNAUTHORIZED, refusal(guard("s3cret"), null));
        assertEquals(ProblemKind.UNAUTHORIZED, refusal(guard("s3cret"), " "));
        assertEquals(ProblemKind.FORBIDDEN, refusal(guard("s3cret"), "Bearer wrong"));
        assertEquals(ProblemKind.FORBIDDEN, refusal(guard("s3cret"), "Basic s3cret"));
        assertEquals(ProblemKind.FORBIDDEN, refusal(guard("s3cret"), "Bearer"));
        assertEquals(ProblemKind.FORBIDDEN, refusal(guard(null), "Bearer s3cret"));
        assertEquals(ProblemKind.FORBIDDEN, refusal(guard(" "), "Bearer  "));
    }
}
