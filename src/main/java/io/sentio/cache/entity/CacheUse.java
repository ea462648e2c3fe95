package io.sentio.cache.entity;

import java.util.Locale;

/** What a request lets the result cache do, from its {@code Cache-Control} header (RFC 9111 request directives). */
public enum CacheUse {
    /** Answer from the cache where it can, remember what the model scores. */
    USE,
    /** {@code no-cache} or {@code max-age=0}: every text scored by the model, the fresh answers remembered. */
    REFRESH,
    /** {@code no-store}: every text scored by the model, nothing remembered. */
    BYPASS;

    /** The use a {@code Cache-Control} value asks for; {@link #USE} without one, or with other directives only. */
    public static CacheUse of(String cacheControl) {
        if (cacheControl == null) {
            return USE;
        }
        CacheUse use = USE;
        for (String directive : cacheControl.split(",")) {
            String d = directive.trim().toLowerCase(Locale.ROOT).replace(" ", "");
            if (d.equals("no-store")) {
                return BYPASS;
            }
            if (d.equals("no-cache") || d.equals("max-age=0") || d.equals("max-age=\"0\"")) {
                use = REFRESH;
            }
        }
        return use;
    }
}
