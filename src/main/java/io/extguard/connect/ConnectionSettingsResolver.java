package io.extguard.connect;

import io.extguard.model.ExtguardException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Turns libpq's environment variables, an optional URL and an optional password file into
 * {@link ConnectionSettings}. The precedence follows libpq: what the URL says beats the
 * environment, and an explicit password file beats both.
 */
public final class ConnectionSettingsResolver {
    static final String DEFAULT_USER = "postgres";
    static final String DEFAULT_DATABASE = "postgres";
    static final int DEFAULT_PORT = 5432;

    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private final Map<String, String> env;

    public ConnectionSettingsResolver(Map<String, String> env) {
        this.env = env;
    }

    public ConnectionSettings resolve(String url, Path passwordFile) {
        Parsed parsed = url == null || url.isBlank() ? new Parsed() : parseUrl(url.strip());
        List<HostPort> hosts = hosts(parsed);
        String user = firstNonBlank(parsed.user, env.get("PGUSER"), DEFAULT_USER);
        String database = firstNonBlank(parsed.database, env.get("PGDATABASE"), DEFAULT_DATABASE);
        Map<String, String> props = new LinkedHashMap<>();
        String sslMode = firstNonBlank(parsed.properties.remove("sslmode"), env.get("PGSSLMODE"), null);
        if (sslMode != null) {
            props.put("sslmode", validSslMode(sslMode));
        }
        copyIfSet("PGSSLROOTCERT", "sslrootcert", props);
        copyIfSet("PGSSLCERT", "sslcert", props);
        copyIfSet("PGSSLKEY", "sslkey", props);
        copyIfSet("PGTARGETSESSIONATTRS", TargetSessionAttrs.PARAMETER, props);
        props.putAll(parsed.properties);
        TargetSessionAttrs.parse(props.get(TargetSessionAttrs.PARAMETER));
        Secret password = password(parsed.password, passwordFile);
        return new ConnectionSettings(hosts, user, password, database, props);
    }

    private Secret password(String fromUrl, Path passwordFile) {
        if (passwordFile != null) {
            PasswordFile file = new PasswordFile(passwordFile);
            file.read();
            return Secret.reading(file::read, "the password file " + passwordFile);
        }
        if (fromUrl != null && !fromUrl.isEmpty()) {
            return Secret.of(fromUrl);
        }
        String fromEnvironment = env.get("PGPASSWORD");
        return fromEnvironment == null || fromEnvironment.isEmpty() ? null : Secret.of(fromEnvironment);
    }

    private List<HostPort> hosts(Parsed parsed) {
        String hostList = firstNonBlank(parsed.hosts, env.get("PGHOST"), "localhost");
        String portList = firstNonBlank(parsed.ports, env.get("PGPORT"), String.valueOf(DEFAULT_PORT));
        String[] hosts = hostList.split(",", -1);
        String[] ports = portList.split(",", -1);
        if (ports.length != 1 && ports.length != hosts.length) {
            throw ExtguardException.usage("The connection names " + hosts.length + " hosts but "
                    + ports.length + " ports; give one port, or one per host.");
        }
        List<HostPort> result = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].isBlank() ? "localhost" : hosts[i].strip();
            if (host.startsWith("/")) {
                throw ExtguardException.usage("The host " + host + " is a Unix-domain socket directory; "
                        + "extguard connects over TCP only. Give a host name or address.");
            }
            String port = ports.length == 1 ? ports[0] : ports[i];
            result.add(new HostPort(host, parsePort(port.isBlank() ? String.valueOf(DEFAULT_PORT) : port)));
        }
        return result;
    }

    private static int parsePort(String port) {
        try {
            int value = Integer.parseInt(port.strip());
            if (value < 1 || value > 65535) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ExtguardException.usage("The port '" + port + "' is not a number from 1 to 65535.");
        }
    }

    private static String validSslMode(String mode) {
        if (!SSL_MODES.contains(mode)) {
            throw ExtguardException.usage("sslmode '" + mode + "' is not one of " + String.join(", ",
                    List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full")) + ".");
        }
        return mode;
    }

    private void copyIfSet(String envName, String property, Map<String, String> props) {
        String value = env.get(envName);
        if (value != null && !value.isBlank()) {
            props.put(property, value);
        }
    }

    private static Parsed parseUrl(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return parseJdbcUrl(url);
        }
        if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            return parseUri(url);
        }
        throw malformed(url, "it must start with postgresql://, postgres:// or jdbc:postgresql://");
    }

    private static Parsed parseJdbcUrl(String url) {
        Properties props = org.postgresql.Driver.parseURL(url, new Properties());
        if (props == null) {
            throw malformed(url, "pgjdbc cannot parse it");
        }
        Parsed parsed = new Parsed();
        parsed.hosts = withoutBrackets((String) props.remove("PGHOST"));
        parsed.ports = (String) props.remove("PGPORT");
        parsed.database = (String) props.remove("PGDBNAME");
        parsed.user = (String) props.remove("user");
        parsed.password = (String) props.remove("password");
        props.forEach((k, v) -> {
            String name = UrlParameters.pgjdbcName((String) k, url);
            parsed.properties.put(name, UrlParameters.value((String) k, (String) v, url));
        });
        return parsed;
    }

    /** libpq's URI form: {@code postgresql://[user[:password]@][host[:port][,...]][/dbname][?param=value&...]}. */
    private static Parsed parseUri(String uri) {
        Parsed parsed = new Parsed();
        String rest = uri.substring(uri.indexOf("://") + 3);
        int query = rest.indexOf('?');
        String queryPart = query >= 0 ? rest.substring(query + 1) : null;
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            parsed.database = emptyToNull(decode(uri, rest.substring(slash + 1)));
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            parsed.user = emptyToNull(decode(uri, colon >= 0 ? userInfo.substring(0, colon) : userInfo));
            parsed.password = colon >= 0 ? decode(uri, userInfo.substring(colon + 1)) : null;
            rest = rest.substring(at + 1);
        }
        parseHostList(uri, rest, parsed);
        if (queryPart != null) {
            // Query parameters win over the other parts of the URI, as in libpq.
            parseQuery(uri, queryPart, parsed);
        }
        return parsed;
    }

    private static void parseHostList(String uri, String hostList, Parsed parsed) {
        if (hostList.isEmpty()) {
            return;
        }
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String spec : hostList.split(",", -1)) {
            String host = spec;
            String port = "";
            if (spec.startsWith("[")) {
                int close = spec.indexOf(']');
                if (close < 0) {
                    throw malformed(uri, "an IPv6 address is missing its closing ']'");
                }
                host = spec.substring(1, close);
                port = spec.substring(close + 1).startsWith(":") ? spec.substring(close + 2) : "";
            } else if (spec.contains(":")) {
                host = spec.substring(0, spec.indexOf(':'));
                port = spec.substring(spec.indexOf(':') + 1);
            }
            if (!port.isEmpty() && !port.chars().allMatch(Character::isDigit)) {
                throw malformed(uri, "the port '" + port + "' is not a number");
            }
            hosts.add(decode(uri, host));
            ports.add(port);
        }
        parsed.hosts = String.join(",", hosts);
        parsed.ports = ports.stream().allMatch(String::isEmpty) ? null : String.join(",", ports);
    }

    private static void parseQuery(String uri, String query, Parsed parsed) {
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw malformed(uri, "the parameter '" + pair + "' has no value");
            }
            String key = decode(uri, pair.substring(0, eq));
            String value = decode(uri, pair.substring(eq + 1));
            switch (key) {
                case "host" -> parsed.hosts = value;
                case "port" -> parsed.ports = value;
                case "user" -> parsed.user = value;
                case "password" -> parsed.password = value;
                case "dbname" -> parsed.database = value;
                default -> {
                    String name = UrlParameters.pgjdbcName(key, uri);
                    parsed.properties.put(name, UrlParameters.value(key, value, uri));
                }
            }
        }
    }

    private static String decode(String uri, String part) {
        try {
            // URLDecoder turns '+' into a space, which libpq does not; protect it first.
            return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(uri, "it has an invalid percent-encoding");
        }
    }

    private static ExtguardException malformed(String url, String why) {
        return ExtguardException.usage("The connection URL " + Redaction.redactUrl(url) + " is malformed: "
                + Redaction.redactReason(url, why) + ".");
    }

    /** pgjdbc keeps IPv6 literals in brackets; {@link HostPort} adds them back where a URL needs them. */
    private static String withoutBrackets(String hosts) {
        return hosts == null ? null : hosts.replaceAll("\\[([^]]*)]", "$1");
    }

    private static String firstNonBlank(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return fallback;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** What a URL said; null means "not given", so the environment can fill it in. */
    private static final class Parsed {
        String hosts;
        String ports;
        String user;
        String password;
        String database;
        final Map<String, String> properties = new LinkedHashMap<>();
    }
}
