package io.extguard.util;

/** Counts as people write them: "1 database", "2 databases". */
public final class Plural {
    private Plural() {
    }

    public static String of(long count, String noun) {
        return count + " " + (count == 1 ? noun : noun + "s");
    }
}
