package io.extguard.config;

import io.extguard.model.ExtguardException;
import io.extguard.util.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Strict readers of literal values. Each error names the setting as the user wrote it and says
 * what is accepted: a value extguard cannot read exactly is never guessed at.
 */
public final class Values {
    private static final java.util.regex.Pattern ASCII_INTEGER = java.util.regex.Pattern.compile("-?[0-9]{1,19}");
    private Values() {
    }

    /** A value that must not be empty, blank, or have blanks around it (a pasted newline, a stray space). */
    public static String text(Setting s) {
        if (s.value().isBlank()) {
            throw usage(s, "is empty; give a value or leave " + s.source() + " unset");
        }
        return unpadded(s, s.value());
    }

    private static String unpadded(Setting s, String value) {
        if (!value.strip().equals(value)) {
            throw usage(s, "has blanks around it; values are taken literally, so remove them");
        }
        return value;
    }

    /** A comma-separated list; an empty item or one with blanks around it is a mistake, not "everything". */
    public static List<String> list(Setting s) {
        if (s.value().isEmpty()) {
            throw usage(s, "is empty; an empty list would select nothing or everything, so leave it unset instead");
        }
        List<String> items = new ArrayList<>();
        for (String item : s.value().split(",", -1)) {
            items.add(name(s, item, "item"));
        }
        return List.copyOf(items);
    }

    /** {@code name=value} items, from a list option such as {@code --pin vector=0.8.0,hstore=1.8}. */
    public static Map<String, String> entries(Setting s) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String item : list(s)) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw usage(s, "has the item '" + item + "' without '='; write NAME=VALUE");
            }
            String name = name(s, item.substring(0, eq), "name");
            String value = name(s, item.substring(eq + 1), "value of " + name);
            if (result.put(name, value) != null) {
                throw usage(s, "names " + name + " twice");
            }
        }
        return result;
    }

    /** The value of one keyed setting ({@code EXTGUARD_PIN_VECTOR=0.8.0}), with its name checked. */
    public static Map.Entry<String, String> entry(Setting s) {
        name(s, s.name(), "name");
        return Map.entry(s.name(), name(s, s.value(), "value"));
    }

    public static int integer(Setting s, int min, int max) {
        String v = unpadded(s, s.value());
        // Long.parseLong also takes "+4" and non-ASCII digits such as "١"; a setting takes plain digits only.
        if (!ASCII_INTEGER.matcher(v).matches()) {
            throw usage(s, "is not a whole number from " + min + " to " + max);
        }
        try {
            long value = Long.parseLong(v);
            if (value >= min && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the range.
        }
        throw usage(s, "is not a whole number from " + min + " to " + max);
    }

    public static Duration duration(Setting s, Duration min, Duration max) {
        Duration d;
        try {
            d = Durations.parse(unpadded(s, s.value()));
        } catch (RuntimeException e) {
            throw usage(s, "is not a duration; write it like 500ms, 5s, 10m or 1h");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw usage(s, "is out of range: give a duration from " + Durations.format(min) + " to "
                    + Durations.format(max));
        }
        return d;
    }

    /** Only {@code true} or {@code false}: {@code maybe} or {@code yes} are mistakes, never a silent false. */
    public static boolean bool(Setting s) {
        return switch (s.value().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw usage(s, "is neither true nor false");
        };
    }

    /** One of the enum's constants, written in lower case with '-' for '_'. */
    public static <E extends Enum<E>> E choice(Setting s, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (spelling(constant).equalsIgnoreCase(s.value())) {
                return constant;
            }
        }
        throw usage(s, "is not one of " + Arrays.stream(type.getEnumConstants()).map(Values::spelling)
                .collect(Collectors.joining(", ")));
    }

    static String spelling(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String name(Setting s, String name, String what) {
        if (name.isEmpty() || name.isBlank()) {
            throw usage(s, "has an empty " + what);
        }
        if (!name.strip().equals(name)) {
            throw usage(s, "has blanks around the " + what + " '" + name + "'; names are compared exactly, "
                    + "as PostgreSQL compares them");
        }
        return name;
    }

    static ExtguardException usage(Setting s, String problem) {
        return ExtguardException.usage(s.describe() + " " + problem + ".");
    }
}
