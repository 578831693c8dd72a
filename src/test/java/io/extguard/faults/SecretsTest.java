package io.extguard.faults;

import io.extguard.cli.CliLauncher;
import io.extguard.testsupport.Cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.extguard.testsupport.PgInstall;
import io.extguard.testsupport.PgServer;
import io.extguard.testsupport.ServerTest;
import io.quarkus.test.junit.main.LaunchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that needs a password and speaks TLS with a certificate from a private CA, reached
 * with sslmode=verify-full. Everything works, every session is encrypted, and the password shows
 * in no log line and no report, whether it comes from a password file or from the URL.
 */
@ExtendWith(CliLauncher.Resolver.class)
@ServerTest
class SecretsTest {
    private static final String PASSWORD = Secrets.PASSWORD;
    private static final List<String> TENANTS = Fleet.names("secret", 4);

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static PgServer server;
    private static Path passwordFile;

    @BeforeAll
    static void tlsServerWithAPassword() throws Exception {
        assumeTrue(TestCertificates.available(), "openssl is needed to make the test certificates");
        certificates = TestCertificates.create(dir, "DNS:localhost");
        server = PgServer.builder(PgInstall.shared()).name("faults-tls").password(PASSWORD)
                .tls(certificates.serverCertificate(), certificates.serverKey()).logConnections(true).start();
        Fleet.createFromTemplate(server, TENANTS, Fleet.oldExtensions());
        passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void checkPreflightAndCheckOverVerifyFullWithAPasswordFileNeverShowThePassword(CliLauncher launcher)
            throws Exception {
        String url = Secrets.url("localhost", server.port(), "postgres", certificates.caCertificate());
        Path checkReport = dir.resolve("check.json");
        Path preflightReport = dir.resolve("preflight.json");
        long logStart = server.log().length();

        LaunchResult before = launcher.launch("check", "--url", url, "--password-file", passwordFile.toString(),
                "--databases", "secret_*", "--output", "json", "--report", checkReport.toString());
        LaunchResult preflight = launcher.launch("preflight", "--url", url, "--password-file", passwordFile.toString(),
                "--databases", "secret_*", "--report", preflightReport.toString());
        LaunchResult after = launcher.launch("check", "--url", url, "--password-file", passwordFile.toString(),
                "--databases", "secret_*");

        assertThat(before.exitCode()).as(Cli.logs(before)).isEqualTo(3);
        assertThat(preflight.exitCode()).as(Cli.logs(preflight)).isZero();
        assertThat(after.exitCode()).as(Cli.logs(after)).isZero();
        assertThat(Cli.logs(before)).contains("(sslmode=verify-full)");
        assertThat(Cli.stdoutJson(before)).contains("\"exitCode\" : 3");
        Fleet.assertAllAt(server, TENANTS, Fleet.TARGET);
        for (LaunchResult result : List.of(before, preflight, after)) {
            assertNoSecret(Cli.logs(result));
        }
        assertNoSecret(Files.readString(checkReport));
        assertNoSecret(Files.readString(preflightReport));
        assertEverySessionUsedTls(server.log().substring((int) logStart));
    }

    @Test
    void aPasswordInTheUrlIsNeverShownEither(CliLauncher launcher) throws Exception {
        String url = Secrets.url("localhost", server.port(), "postgres:" + Secrets.encoded(), certificates.caCertificate());
        Path report = dir.resolve("url.json");

        LaunchResult check = launcher.launch("check", "--url", url, "--databases", "secret_*", "--output", "json",
                "--report", report.toString());

        assertThat(check.exitCode()).as(Cli.logs(check)).isIn(0, 3);
        assertThat(Cli.stdoutJson(check)).contains("\"server\" : \"postgres@localhost:" + server.port());
        assertNoSecret(Cli.logs(check));
        assertNoSecret(Files.readString(report));
    }

    @Test
    void verifyFullRefusesAHostNameTheCertificateDoesNotCarry(CliLauncher launcher) {
        // The certificate names localhost only; 127.0.0.1 is the same server, but not by that name.
        String url = Secrets.url("127.0.0.1", server.port(), "postgres:" + Secrets.encoded(), certificates.caCertificate());

        LaunchResult result = launcher.launch("check", "--url", url, "--wait", "30s");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result)).contains("could not be reached over TLS").doesNotContain("not up yet");
        assertNoSecret(Cli.logs(result));
    }

    @Test
    void verifyFullRefusesACertificateFromAnotherAuthority(CliLauncher launcher) throws Exception {
        Path other = Files.createDirectories(dir.resolve("other-ca"));
        TestCertificates stranger = TestCertificates.create(other, "DNS:localhost");

        LaunchResult result = launcher.launch("check", "--url",
                Secrets.url("localhost", server.port(), "postgres", stranger.caCertificate()),
                "--password-file", passwordFile.toString(), "--wait", "30s");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(Cli.logs(result)).contains("could not be reached over TLS").doesNotContain("not up yet");
        assertNoSecret(Cli.logs(result));
    }

    @Test
    void aWrongPasswordIsRejectedWithoutShowingEitherPassword(CliLauncher launcher) throws Exception {
        String wrong = "Wr0ng-" + PASSWORD;
        Path wrongFile = dir.resolve("wrong-password");
        Files.writeString(wrongFile, wrong);

        LaunchResult result = launcher.launch("check", "--url",
                Secrets.url("localhost", server.port(), "postgres", certificates.caCertificate()),
                "--password-file", wrongFile.toString(), "--wait", "30s");

        assertThat(result.exitCode()).isEqualTo(1);
        // Authentication failure is final: no waiting for a server that is up and said no.
        assertThat(Cli.logs(result)).contains("rejected the credentials of user postgres").contains("28P01")
                .doesNotContain(wrong).doesNotContain("not up yet");
        assertNoSecret(Cli.logs(result));
    }

    private static void assertNoSecret(String text) {
        Secrets.assertNoneIn("output", text);
    }

    /** The server logs each session it authorised, with its TLS parameters; extguard's sessions are among them. */
    private static void assertEverySessionUsedTls(String serverLog) {
        List<String> sessions = serverLog.lines().filter(l -> l.contains("connection authorized:")).toList();
        // For each of the three runs: the maintenance connection and one per tenant database.
        assertThat(sessions).hasSizeGreaterThanOrEqualTo(3 * (TENANTS.size() + 1));
        assertThat(sessions).allSatisfy(l -> assertThat(l).contains("SSL enabled (protocol=TLS"));
    }
}
