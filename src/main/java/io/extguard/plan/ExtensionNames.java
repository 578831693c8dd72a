package io.extguard.plan;

import io.extguard.model.ExtguardException;
import io.extguard.model.ProblemCode;
import io.extguard.util.Suggestions;
import java.util.Map;
import java.util.Set;

/**
 * Every extension the operator named (a pin, --ensure, a probe) must be one the server's image
 * offers, compared exactly as PostgreSQL compares names. Otherwise a typo such as
 * {@code --pin PG_TRGM=1.4} would be ignored, and preflight would take pg_trgm past the pin.
 */
public final class ExtensionNames {
    private ExtensionNames() {
    }

    /**
     * @param namedBy each extension name and how the user named it ({@code --pin}, {@code EXTGUARD_ENSURE})
     * @param offered the names in {@code pg_available_extensions}
     */
    public static void requireOffered(Map<String, String> namedBy, Set<String> offered) {
        requireOffered(namedBy, offered, "this server");
    }

    /** @param server which server's image must offer them: "this server", or the candidate's for a gate */
    public static void requireOffered(Map<String, String> namedBy, Set<String> offered, String server) {
        namedBy.forEach((name, source) -> {
            if (!offered.contains(name)) {
                throw new ExtguardException(ProblemCode.UNKNOWN_EXTENSION, "No extension '" + name + "' on " + server + " "
                        + "(named by " + source + "); nothing was checked or changed."
                        + Suggestions.didYouMean(name, offered)
                        + " pg_available_extensions lists what the server's image offers.");
            }
        });
    }
}
