package io.extguard.connect;

import java.util.regex.Pattern;

/** Removes passwords from text that came from the user or the driver before it is shown. */
public final class Redaction {
    private static final Pattern URI_USER_INFO = Pattern.compile("(?i)(postgres(?:ql)?://[^:/@?]*):[^@/?]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;\\s]*");

    private Redaction() {
    }

    public static String redactUrl(String url) {
        String withoutUserInfo = URI_USER_INFO.matcher(url).replaceAll("$1:******@");
        return PASSWORD_PARAM.matcher(withoutUserInfo).replaceAll("$1******");
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
