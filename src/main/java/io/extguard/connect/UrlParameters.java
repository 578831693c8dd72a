package io.extguard.connect;

import io.extguard.model.ExtguardException;
import io.extguard.util.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.postgresql.PGProperty;

/**
 * The query parameters a connection URL may carry. Each is honoured (passed to pgjdbc under its
 * own name) or refused with the reason; none is dropped, because a dropped {@code sslmode=require}
 * would connect without TLS. libpq's keywords are those of its documentation ("Parameter Key
 * Words", libpq-connect); pgjdbc's own property names are accepted as pgjdbc spells them.
 */
final class UrlParameters {
    /** libpq keyword to the pgjdbc property that does the same. */
    private static final Map<String, String> HONOURED = Map.ofEntries(
            Map.entry("sslmode", "sslmode"),
            Map.entry("sslcert", "sslcert"),
            Map.entry("sslkey", "sslkey"),
            Map.entry("sslrootcert", "sslrootcert"),
            Map.entry("sslpassword", "sslpassword"),
            Map.entry("connect_timeout", "connectTimeout"),
            Map.entry("application_name", "ApplicationName"),
            Map.entry("options", "options"),
            Map.entry("gssencmode", "gssEncMode"),
            Map.entry(TargetSessionAttrs.PARAMETER, TargetSessionAttrs.PARAMETER));

    /** libpq keywords extguard cannot honour: refused rather than silently ignored. */
    private static final Set<String> REFUSED = Set.of("hostaddr", "passfile", "require_auth", "channel_binding",
            "client_encoding", "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
            "keepalives_count", "tcp_user_timeout", "replication", "requiressl", "sslnegotiation", "sslcompression",
            "sslcertmode", "sslcrl", "sslcrldir", "sslsni", "requirepeer", "ssl_min_protocol_version",
            "ssl_max_protocol_version", "krbsrvname", "gsslib", "gssdelegation", "service", "load_balance_hosts");

    private static final Set<String> GSS_ENC_MODES = Set.of("disable", "prefer", "require");

    private UrlParameters() {
    }

    /** The pgjdbc property for a libpq keyword or pgjdbc property name, or a usage error naming the nearest one. */
    static String pgjdbcName(String parameter, String url) {
        String mapped = HONOURED.get(parameter);
        if (mapped != null) {
            return mapped;
        }
        if (REFUSED.contains(parameter)) {
            throw ExtguardException.usage("The connection URL " + Redaction.redactUrl(url) + " sets " + parameter
                    + ", which extguard does not support; remove it (the README lists the supported parameters).");
        }
        if (PGProperty.forName(parameter) != null) {
            return parameter;
        }
        throw ExtguardException.usage("The connection URL " + Redaction.redactUrl(url) + " has an unknown parameter '"
                + parameter + "'." + Suggestions.didYouMean(parameter, known())
                + " Parameter names are case-sensitive, as in libpq.");
    }

    /** The value for pgjdbc, checked where pgjdbc would take it loosely or spell it differently. */
    static String value(String parameter, String value, String url) {
        return switch (parameter) {
            case "gssencmode", "gssEncMode" -> oneOf(parameter, value, GSS_ENC_MODES, url);
            case TargetSessionAttrs.PARAMETER -> TargetSessionAttrs.parse(value).libpqName();
            default -> value;
        };
    }

    private static String oneOf(String parameter, String value, Set<String> allowed, String url) {
        if (!allowed.contains(value)) {
            throw ExtguardException.usage("The connection URL " + Redaction.redactUrl(url) + " sets " + parameter
                    + "='" + value + "', which is not one of " + String.join(", ", new TreeSet<>(allowed)) + ".");
        }
        return value;
    }

    static List<String> known() {
        List<String> names = new ArrayList<>(HONOURED.keySet());
        for (PGProperty p : PGProperty.values()) {
            names.add(p.getName());
        }
        return names;
    }
}
