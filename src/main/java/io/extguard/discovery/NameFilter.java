package io.extguard.discovery;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Include and exclude globs, as a shell reads them: {@code *} is any run of characters and
 * {@code ?} one character. Everything else is literal, so {@code tenant_*} does not treat
 * {@code _} as a wildcard the way a {@code LIKE} pattern would.
 */
public final class NameFilter {
    private final List<String> includeGlobs;
    private final List<String> excludeGlobs;
    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    public NameFilter(List<String> includeGlobs, List<String> excludeGlobs) {
        this.includeGlobs = includeGlobs == null ? List.of() : List.copyOf(includeGlobs);
        this.excludeGlobs = excludeGlobs == null ? List.of() : List.copyOf(excludeGlobs);
        this.includes = compileAll(includeGlobs);
        this.excludes = compileAll(excludeGlobs);
    }

    public static NameFilter all() {
        return new NameFilter(List.of(), List.of());
    }

    public boolean accepts(String name) {
        boolean included = includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(name).matches());
        return included && excludes.stream().noneMatch(p -> p.matcher(name).matches());
    }

    public boolean isOpen() {
        return includes.isEmpty() && excludes.isEmpty();
    }

    /** The globs as given, for messages: {@code only tenant_*, except tenant_old}. */
    public String describe() {
        String only = includeGlobs.isEmpty() ? "all" : "only " + String.join(", ", includeGlobs);
        return excludeGlobs.isEmpty() ? only : only + ", except " + String.join(", ", excludeGlobs);
    }

    private static List<Pattern> compileAll(List<String> globs) {
        return globs == null ? List.of() : globs.stream().filter(g -> !g.isBlank()).map(NameFilter::compile).toList();
    }

    static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? "(?s).*" : "(?s).");
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString());
    }
}
