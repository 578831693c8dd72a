package io.extguard.connect;

/**
 * A password that cannot leak by accident: {@link #toString()} never shows it, so it is safe
 * inside records that are logged or serialised.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return value == null ? null : new Secret(value);
    }

    /** The only way to read the value; call it where the driver needs it and nowhere else. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "******";
    }
}
