package io.sentio.settings.control;

import io.sentio.it.SettingsIT;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration rules: invalid values are named and never reach a bean. */
class ValidatedSettingsTest {

    final Map<String, String> env = new HashMap<>();
    final Map<String, String> props = new HashMap<>();
    final ValidatedSettings settings = new ValidatedSettings(env::get, props::get);

    @Test
    void validAndUnsetValuesAreLeftToTheOtherSources() {
        env.put("REQUEST_TIMEOUT", "2.5");
        env.put("BATCH_MAX_SIZE", "16");
        env.put("DEVICE", "CPU");
        assertEquals(List.of(), settings.problems());
        assertNull(settings.getValue("request.timeout"));
        assertNull(settings.getValue("batch.max.size"));
        assertNull(settings.getValue("models.dir"), "keys without rules are not this source's");
        assertEquals("2500", settings.getValue(ValidatedSettings.TIMEOUT_MILLIS));
    }

    @Test
    void invalidValuesAreNamedAndReplacedByTheirDefault() {
        env.put("REQUEST_TIMEOUT", "0.05s");
        env.put("BATCH_MAX_SIZE", "0");
        env.put("DEVICE", "tpu");
        env.put("MODEL_PRECISION", "int4");
        env.put("BATCH_ENABLED", "maybe");
        props.put("analysis.max.concurrent", "-1");
        List<String> problems = settings.problems();
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.contains("request.timeout (REQUEST_TIMEOUT) is '0.05s'; allowed: a number of seconds above 0 "
                + "and at most 3600, fractions allowed (0.5)"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("batch.max.size (BATCH_MAX_SIZE) is '0'; allowed: a whole "
                + "number from 1")), problems.toString());
        assertEquals("30", settings.getValue("request.timeout"));
        assertEquals("30000", settings.getValue(ValidatedSettings.TIMEOUT_MILLIS));
        assertEquals("auto", settings.getValue("device"));
        assertEquals("128", settings.getValue("analysis.max.concurrent"));
        // keys whose default the device decides: their reader treats a refused value as unset
        assertNull(settings.getValue("batch.max.size"));
        assertFalse(ValidatedSettings.accepts("batch.max.size", "0"));
        assertFalse(ValidatedSettings.accepts("model.precision", "int4"));
        assertTrue(ValidatedSettings.accepts("model.precision", "FLOAT16"));
        assertTrue(ValidatedSettings.accepts("models.dir", "anything"), "keys without a rule");
    }

    @Test
    void timeoutsInFractionsOfASecondRoundUpToAMillisecond() {
        env.put("REQUEST_TIMEOUT", "0.0005");
        assertEquals("1", settings.getValue(ValidatedSettings.TIMEOUT_MILLIS));
        env.put("REQUEST_TIMEOUT", "0");
        assertEquals(1, settings.problems().size());
        assertEquals("30000", settings.getValue(ValidatedSettings.TIMEOUT_MILLIS));
    }

    @Test
    void systemPropertiesComeBeforeTheEnvironment() {
        props.put("model.cache.size", "2");
        env.put("MODEL_CACHE_SIZE", "zero");
        assertEquals(List.of(), settings.problems());
    }

    @Test
    void gracePeriodAndQueueWaitMayBeZeroButTheReadTimeoutMayNot() {
        env.put("SHUTDOWN_GRACE", "0");
        env.put("QUEUE_WAIT", "0.25");
        env.put("REQUEST_READ_TIMEOUT", "0");
        List<String> problems = settings.problems();
        assertEquals(List.of("request.read.timeout (REQUEST_READ_TIMEOUT) is '0'; allowed: a number of seconds above 0 "
                + "and at most 3600, fractions allowed (0.5)"), problems);
        assertEquals("5", settings.getValue("request.read.timeout"));
        env.put("SHUTDOWN_GRACE", "-1");
        assertEquals("20", settings.getValue("shutdown.grace"));
    }

    @Test
    void theIntegrationSuiteStartsAServerWithEveryRuledKeyInvalid() throws IOException {
        Properties invalid = SettingsIT.invalid(Path.of("src", "test", "it-settings"));
        for (ValidatedSettings.Rule rule : ValidatedSettings.RULES) {
            assertTrue(invalid.containsKey(rule.key()), rule.key() + " has no invalid value for SettingsIT");
            assertFalse(rule.valid().test(invalid.getProperty(rule.key())), rule.key() + "'s value there is valid");
        }
    }
}
