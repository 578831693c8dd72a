package io.extguard.util;

import java.util.Locale;

/** Counts in words: "1 database", "3 databases", "1 attempt". */
public final class Plural {
    private Plural() {
    }

    /** {@code count} and the noun, with an "s" unless the count is one. */
    public static String of(long count, String singular) {
        return of(count, singular, singular + "s");
    }

    public static String of(long count, String singular, String plural) {
        return String.format(Locale.ROOT, "%d %s", count, count == 1 ? singular : plural);
    }
}
