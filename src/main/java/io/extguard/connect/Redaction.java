package io.extguard.connect;

import java.util.regex.Pattern;

/** Removes passwords from text that came from the user or the driver before it is shown. */
public final class Redaction {
    private static final Pattern URI_USER_INFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^:/@?\\s]*):\\S*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;\\s]*");

    private Redaction() {
    }

    /** Quoted fragments of a URL, which may be pieces of a password that broke the URL's syntax. */
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");

    public static String redactUrl(String url) {
        String withoutUserInfo = URI_USER_INFO.matcher(url).replaceAll("$1:******@");
        return PASSWORD_PARAM.matcher(withoutUserInfo).replaceAll("$1******");
    }

    /** A parse error's reason, with quoted fragments hidden when the URL carries credentials. */
    public static String redactReason(String url, String reason) {
        return url.contains("@") ? QUOTED.matcher(reason).replaceAll("(a part of the URL, hidden)") : reason;
    }

    /** Removes a known secret wherever it appears, e.g. in a driver message that echoes a URL. */
    public static String redact(String text, Secret secret) {
        if (text == null) {
            return null;
        }
        String redacted = redactUrl(text);
        if (secret != null && !secret.reveal().isEmpty()) {
            redacted = redacted.replace(secret.reveal(), "******");
        }
        return redacted;
    }
}
