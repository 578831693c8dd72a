package io.extguard.config;

import io.extguard.connect.Redaction;

/**
 * One value as the user gave it, with the spelling they used ({@code --concurrency},
 * {@code EXTGUARD_CONCURRENCY}, {@code extguard.concurrency}), so every error can name it.
 * The value is literal: nothing in it is ever expanded.
 *
 * @param name for keyed settings, the name after the prefix ({@code vector} in {@code extguard.pin.vector}); else null
 */
public record Setting(Key key, String name, String value, String source) {

    public static Setting builtIn(Key key) {
        return new Setting(key, null, key.defaultValue().orElse(null), "the default of " + key.property());
    }

    /** How an error names this setting: the spelling the user wrote, and the value, with any password hidden. */
    public String describe() {
        boolean url = key == Key.URL || key == Key.CITUS_NODE_URL || key == Key.LIBRARY_FROM;
        return source + "='" + (url ? Redaction.redactUrl(value) : value) + "'";
    }

    /** Records print every component; a URL's password must not reach a log through toString. */
    @Override
    public String toString() {
        return describe();
    }
}
