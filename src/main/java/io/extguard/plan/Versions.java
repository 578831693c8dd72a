package io.extguard.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders extension version strings as people read them: {@code 1.10 > 1.9}, {@code 13.0-1 > 12.1-1}.
 * PostgreSQL itself never orders versions; extguard only needs an order to tell a downgrade
 * from a missing update path.
 */
public final class Versions {
    public static final Comparator<String> ORDER = Versions::compare;

    private Versions() {
    }

    public static int compare(String a, String b) {
        List<String> left = chunks(a);
        List<String> right = chunks(b);
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int c = compareChunk(left.get(i), right.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    /** {@code 13.0-1} against {@code 13.1-1}: same major version, minor exactly one behind. */
    public static boolean isOneMinorBehind(String installed, String target) {
        List<String> a = chunks(installed);
        List<String> b = chunks(target);
        if (a.size() < 2 || b.size() < 2 || !isNumber(a.get(0)) || !isNumber(a.get(1)) || !isNumber(b.get(1))) {
            return false;
        }
        return a.get(0).equals(b.get(0)) && Long.parseLong(b.get(1)) - Long.parseLong(a.get(1)) == 1;
    }

    private static boolean isNumber(String chunk) {
        return Character.isDigit(chunk.charAt(0)) && chunk.length() < 18;
    }

    private static int compareChunk(String x, String y) {
        boolean xNum = Character.isDigit(x.charAt(0));
        boolean yNum = Character.isDigit(y.charAt(0));
        if (xNum && yNum) {
            String xs = stripZeros(x);
            String ys = stripZeros(y);
            return xs.length() != ys.length() ? Integer.compare(xs.length(), ys.length()) : xs.compareTo(ys);
        }
        if (xNum != yNum) {
            return xNum ? 1 : -1;
        }
        return x.compareTo(y);
    }

    private static String stripZeros(String digits) {
        return digits.replaceFirst("^0+(?=.)", "");
    }

    /** Splits into runs of digits and runs of letters; separators only separate. */
    private static List<String> chunks(String version) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        Boolean digits = null;
        for (char c : version.toCharArray()) {
            boolean isDigit = Character.isDigit(c);
            boolean isLetter = Character.isLetter(c);
            if (!isDigit && !isLetter) {
                flush(out, current);
                digits = null;
                continue;
            }
            if (digits != null && digits != isDigit) {
                flush(out, current);
            }
            current.append(c);
            digits = isDigit;
        }
        flush(out, current);
        return out;
    }

    private static void flush(List<String> out, StringBuilder current) {
        if (!current.isEmpty()) {
            out.add(current.toString());
            current.setLength(0);
        }
    }
}
