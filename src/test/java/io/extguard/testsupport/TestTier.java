package io.extguard.testsupport;

/**
 * Which tier of the suite is running: {@code bin/test --fast} sets {@code extguard.test.tier=fast}
 * (the {@code fast} Maven profile), {@code bin/test} runs everything.
 */
public final class TestTier {
    static final String PROPERTY = "extguard.test.tier";

    private TestTier() {
    }

    public static boolean fast() {
        return "fast".equals(System.getProperty(PROPERTY));
    }

    /**
     * Called wherever a test is about to start a server: in the fast tier that is a test class
     * without {@link ServerTest}, which would otherwise make the fast tier slow without anyone noticing.
     */
    public static void refuseServer(String what) {
        if (fast()) {
            throw new IllegalStateException("This test starts " + what + " but runs in the fast tier (bin/test --fast): "
                    + "annotate its class with @" + ServerTest.class.getName() + " so that only bin/test runs it");
        }
    }
}
