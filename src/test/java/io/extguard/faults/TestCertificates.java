package io.extguard.faults;

import io.extguard.testsupport.Executables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed, made with the openssl
 * command-line tool, for servers that clients reach with {@code sslmode=verify-full}.
 */
record TestCertificates(Path caCertificate, Path serverCertificate, Path serverKey) {
    static final Path OPENSSL = Executables.onPath("openssl").orElse(Path.of("openssl"));

    static boolean available() {
        return Files.isExecutable(OPENSSL);
    }

    /** A CA, and a server certificate for {@code subjectAltName} (e.g. "DNS:localhost") signed by it. */
    static TestCertificates create(Path dir, String subjectAltName) {
        Path caKey = dir.resolve("ca.key");
        Path caCert = dir.resolve("ca.crt");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path cert = dir.resolve("server.crt");
        Path extensions = dir.resolve("server.ext");
        write(extensions, "subjectAltName = " + subjectAltName + "\nbasicConstraints = CA:FALSE\n"
                + "keyUsage = digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\n");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-days", "2", "-subj", "/CN=extguard test CA", "-keyout", caKey.toString(), "-out", caCert.toString());
        openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-subj", "/CN=extguard test server", "-keyout", key.toString(), "-out", csr.toString());
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(), "-out", cert.toString());
        return new TestCertificates(caCert, cert, key);
    }

    private static void openssl(Path dir, String... arguments) {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(arguments));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
