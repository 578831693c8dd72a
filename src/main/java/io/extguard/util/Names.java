package io.extguard.util;

/**
 * Renders names from the catalog for a log line or a table. A database may be called anything,
 * including a newline; printed raw, such a name could forge a log line.
 */
public final class Names {
    private Names() {
    }

    /** The name itself where it is plain; otherwise a quoted form with control characters escaped. */
    public static String display(String name) {
        if (name == null) {
            return "-";
        }
        boolean plain = !name.isEmpty() && name.codePoints().allMatch(Names::isPlain);
        return plain ? name : quoted(name);
    }

    private static boolean isPlain(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '.' || cp == '$' || cp == ':';
    }

    private static String quoted(String name) {
        StringBuilder out = new StringBuilder("\"");
        name.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                            || Character.getType(cp) == Character.LINE_SEPARATOR
                            || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }
}
