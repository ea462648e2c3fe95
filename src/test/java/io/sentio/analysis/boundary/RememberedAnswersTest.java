package io.sentio.analysis.boundary;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RememberedAnswersTest {

    @Test
    void takesAPlainPostOnly() {
        assertTrue(RememberedAnswers.plain("POST", null, null, null, false, true));
        assertTrue(RememberedAnswers.plain("POST", "application/json", "*/*", "max-age=60", false, true));
        assertFalse(RememberedAnswers.plain("GET", null, null, null, false, true));
        assertFalse(RememberedAnswers.plain("POST", "text/plain", null, null, false, true));
        assertFalse(RememberedAnswers.plain("POST", null, "text/plain", null, false, true));
        assertFalse(RememberedAnswers.plain("POST", null, null, "no-store", false, true), "the cache refused");
        assertFalse(RememberedAnswers.plain("POST", null, null, "no-cache", false, true), "the model's answer asked");
        assertFalse(RememberedAnswers.plain("POST", null, null, null, true, true), "a rate limit is the resource's");
        assertFalse(RememberedAnswers.plain("POST", null, null, null, false, false), "invalid settings get their 503");
    }

    @Test
    void takesJsonOrNoContentTypeOnly() {
        assertTrue(RememberedAnswers.json(null));
        assertTrue(RememberedAnswers.json("application/json"));
        assertTrue(RememberedAnswers.json("Application/JSON; charset=UTF-8"));
        assertFalse(RememberedAnswers.json("application/x-www-form-urlencoded"));
        assertFalse(RememberedAnswers.json("application/merge-patch+json"));
        assertFalse(RememberedAnswers.json("text/plain; x=application/json"));
    }

    @Test
    void takesAnAcceptThatTakesJson() {
        assertTrue(RememberedAnswers.acceptsJson(null));
        assertTrue(RememberedAnswers.acceptsJson(" "));
        assertTrue(RememberedAnswers.acceptsJson("*/*"));
        assertTrue(RememberedAnswers.acceptsJson("application/*;q=0.2"));
        assertTrue(RememberedAnswers.acceptsJson("text/html, application/json;q=0.9"));
        assertTrue(RememberedAnswers.acceptsJson("application/json; q = 0.5"));
    }

    @Test
    void leavesTheRestToTheResource() {
        assertFalse(RememberedAnswers.acceptsJson("text/plain"));
        assertFalse(RememberedAnswers.acceptsJson("application/json;q=0"));
        assertFalse(RememberedAnswers.acceptsJson("application/json;q=0.0, text/plain"));
        assertFalse(RememberedAnswers.acceptsJson("application/json;q=high"));
        assertFalse(RememberedAnswers.acceptsJson("application/problem+json"));
    }
}
