package io.sentio.settings.control;

import io.sentio.inference.entity.LongText;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A MicroProfile Config source above every other (ordinal {@value #ORDINAL}) that checks each Sentio key's
 * value as the environment or system properties set it. An invalid value is answered here with the key's
 * default, so no bean, Fault Tolerance setting or request ever fails converting it (keys whose default the
 * device decides are read as text and checked with {@link #accepts}); {@link #problems()} names
 * it for readiness and the log. It also derives {@code sentio.request.timeout.millis} from
 * {@code request.timeout} (seconds, fractions allowed), which the {@code @Timeout} of the analyzer uses.
 */
public final class ValidatedSettings implements ConfigSource {

    static final int ORDINAL = 1000;
    static final String TIMEOUT_MILLIS = "sentio.request.timeout.millis";

    /** One key: its default, and what values it allows. */
    record Rule(String key, String fallback, Predicate<String> valid, String allowed) {
    }

    static final List<Rule> RULES = List.of(
            seconds("request.timeout", "30", false),
            seconds("request.read.timeout", "5", false),
            seconds("shutdown.grace", "20", true),
            seconds("queue.wait", "5", true),
            whole("analysis.max.concurrent", "128", 1, 100_000),
            whole("analyze.max.texts", "128", 1, 100_000),
            whole("analyze.max.body.bytes", "1048576", 2, 1 << 30),
            oneOf("long.text.policy", LongText.DEFAULT_POLICY, Set.of("head", "head_tail", "chunk")),
            whole("max.text.tokens", "" + LongText.DEFAULT_MAX_TOKENS, 1, 100_000_000),
            whole("model.cache.size", "3", 1, 1000),
            whole("model.retry.seconds", "10", 1, 86_400),
            whole("model.memory.budget.mb", "", 0, 100_000_000),
            oneOf("device", "auto", Set.of("auto", "cpu", "gpu")),
            oneOf("model.precision", "", Set.of("int8", "float16", "float32")),
            whole("model.max.length", "", 0, 1_000_000),
            whole("onnx.intra.threads", "", 0, 1024),
            whole("onnx.inter.threads", "", 1, 1024),
            bool("onnx.spinning"),
            whole("onnx.parallel.runs", "", 0, 1024),
            whole("batch.max.size", "", 1, 100_000),
            whole("batch.token.budget", "", 1, 100_000_000),
            whole("batch.run.overhead.tokens", "", 0, 1_000_000),
            whole("batch.max.wait.ms", "", 0, 60_000),
            whole("batch.queue.capacity", "", 1, 10_000_000),
            bool("batch.enabled"),
            whole("memory.sample.seconds", "10", 1, 3600),
            whole("memory.history.minutes", "60", 1, 10_080),
            whole("memory.warn.percent", "90", 1, 100),
            whole("memory.warn.rss.mb", "0", 0, 100_000_000),
            whole("health.heap.max.percent", "95", 1, 100),
            bool("monitoring.requests.enabled"),
            rate("rate.limit.texts.per.second", "0"),
            whole("rate.limit.burst", "", 1, 1_000_000_000),
            flag("cache.enabled", "true"),
            whole("cache.size", "100000", 1, 100_000_000),
            whole("cache.ttl.seconds", "3600", 1, 31_536_000),
            oneOf("cache.store", "auto", Set.of("auto", "local")),
            new Rule("cache.redis.url", "", value -> value.isEmpty() || value.matches("rediss?://\\S+"),
                    "redis://host:port or rediss://host:port (TLS), optionally with :password@ before the host"),
            whole("cache.shared.timeout.ms", "100", 1, 60_000),
            flag("cache.replicate", "true"),
            oneOf("log.level", "INFO", Set.of("OFF", "SEVERE", "WARNING", "INFO", "CONFIG", "FINE", "FINER", "FINEST", "ALL")));

    private static final Map<String, Rule> BY_KEY = new LinkedHashMap<>();

    static {
        RULES.forEach(rule -> BY_KEY.put(rule.key(), rule));
    }

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;

    public ValidatedSettings() {
        this(System::getenv, System::getProperty);
    }

    ValidatedSettings(Function<String, String> environment, Function<String, String> systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /**
     * Whether a key's rule allows this value (keys without a rule allow anything). Readers of keys whose default
     * is decided elsewhere (the device's engine settings) use it to treat an invalid value as unset.
     */
    public static boolean accepts(String key, String value) {
        Rule rule = BY_KEY.get(key);
        return rule == null || value != null && rule.valid().test(value.trim());
    }

    /** A duration set in seconds, fractions allowed ({@code "0.5"}), as the seconds keys take it. */
    public static java.time.Duration seconds(String value) {
        return java.time.Duration.ofNanos(new BigDecimal(value.trim()).movePointRight(9).longValue());
    }

    /** The environment variable for a key, by MicroProfile Config's rule. */
    static String variable(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The value set for {@code key}, as MicroProfile Config looks for it: system property, then environment. */
    String raw(String key) {
        String value = systemProperties.apply(key);
        if (value == null) {
            value = environment.apply(key);
        }
        if (value == null) {
            value = environment.apply(key.replaceAll("[^A-Za-z0-9]", "_"));
        }
        return value == null ? environment.apply(variable(key)) : value;
    }

    /** Every key set to a value its rule refuses: which key, which value, what is allowed. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Rule rule : RULES) {
            String value = raw(rule.key());
            if (value != null && !rule.valid().test(value.trim())) {
                problems.add(rule.key() + " (" + variable(rule.key()) + ") is '" + value + "'; allowed: " + rule.allowed());
            }
        }
        return problems;
    }

    @Override
    public String getValue(String key) {
        if (TIMEOUT_MILLIS.equals(key)) {
            String seconds = getValue("request.timeout");
            seconds = seconds == null ? raw("request.timeout") : seconds;
            seconds = seconds == null ? BY_KEY.get("request.timeout").fallback() : seconds;
            return new BigDecimal(seconds.trim()).movePointRight(3).setScale(0, java.math.RoundingMode.CEILING).toPlainString();
        }
        Rule rule = BY_KEY.get(key);
        if (rule == null) {
            return null;
        }
        String value = raw(key);
        if (value == null || rule.valid().test(value.trim())) {
            return null; // valid or unset: the other sources answer as usual
        }
        // the default; where the device decides it (no fallback here), the reader checks with accepts(...)
        return rule.fallback().isEmpty() ? null : rule.fallback();
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(TIMEOUT_MILLIS);
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "sentio-validated-settings";
    }

    private static Rule whole(String key, String fallback, long min, long max) {
        return new Rule(key, fallback, value -> {
            try {
                long n = Long.parseLong(value);
                return n >= min && n <= max;
            } catch (NumberFormatException e) {
                return false;
            }
        }, "a whole number from " + min + " to " + max);
    }

    private static Rule seconds(String key, String fallback, boolean zero) {
        return new Rule(key, fallback, value -> {
            try {
                BigDecimal seconds = new BigDecimal(value);
                return (seconds.signum() > 0 || zero && seconds.signum() == 0)
                        && seconds.compareTo(BigDecimal.valueOf(3600)) <= 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }, "a number of seconds " + (zero ? "from 0" : "above 0") + " and at most 3600, fractions allowed (0.5)");
    }

    private static Rule rate(String key, String fallback) {
        return new Rule(key, fallback, value -> {
            try {
                return new BigDecimal(value).signum() >= 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }, "texts a second, 0 or more (0: no limit), fractions allowed");
    }

    private static Rule oneOf(String key, String fallback, Set<String> allowed) {
        return new Rule(key, fallback, value -> allowed.contains(value.toLowerCase(Locale.ROOT))
                || allowed.contains(value.toUpperCase(Locale.ROOT)), "one of " + new java.util.TreeSet<>(allowed));
    }

    private static Rule bool(String key) {
        return flag(key, "");
    }

    private static Rule flag(String key, String fallback) {
        return new Rule(key, fallback, value -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"),
                "true or false");
    }
}
