package io.extguard.connect;

import java.util.function.Supplier;

/**
 * A password that cannot leak by accident: {@link #toString()} never shows it, so it is safe
 * inside records that are logged or serialised. One read from a file is read again at every
 * {@link #reveal()}, so a long-lived sidecar picks up a rotated Kubernetes secret.
 */
public final class Secret {
    private final Supplier<String> value;
    private final String origin;

    private Secret(Supplier<String> value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    public static Secret of(String value) {
        return value == null ? null : new Secret(() -> value, "given");
    }

    /** A secret read from its source each time it is revealed; {@code origin} names the source for messages. */
    public static Secret reading(Supplier<String> reader, String origin) {
        return new Secret(reader, origin);
    }

    /** The only way to read the value; call it where the driver needs it and nowhere else. */
    public String reveal() {
        return value.get();
    }

    /** Where the password comes from, for messages: "the password file /run/secrets/pg", or "given". */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return "******";
    }
}
