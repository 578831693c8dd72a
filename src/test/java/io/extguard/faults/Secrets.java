package io.extguard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The password of the TLS tests, and the check that it appears nowhere. */
final class Secrets {
    /** Characters that break naive URL handling and naive redaction. */
    static final String PASSWORD = "Tls-S3cr3t/pa55;w0rd'\"=&?#%@:x";

    private Secrets() {
    }

    /** The password as it is written inside a URL. */
    static String encoded() {
        return URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** libpq's URI to a TLS server by the given name, verifying the certificate chain and the name. */
    static String url(String host, int port, String userInfo, Path rootCertificate) {
        return "postgresql://" + userInfo + "@" + host + ":" + port + "/postgres?sslmode=verify-full&sslrootcert="
                + URLEncoder.encode(rootCertificate.toString(), StandardCharsets.UTF_8);
    }

    /** Neither the password nor its URL-encoded form, nor a telling fragment of it. */
    static void assertNoneIn(String what, String text) {
        assertThat(text).as(what).doesNotContain(PASSWORD).doesNotContain(encoded()).doesNotContain("S3cr3t")
                .doesNotContain("pa55;w0rd");
    }
}
