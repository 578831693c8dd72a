package io.extguard.connect;

import io.extguard.model.ExtguardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A password in a file, such as a mounted Kubernetes secret. It must be a regular file of at
 * most {@value #MOST_BYTES} bytes, so that a wrong path such as {@code /dev/zero} fails at once
 * instead of reading until memory runs out.
 */
final class PasswordFile {
    static final int MOST_BYTES = 64 * 1024;

    private final Path file;

    PasswordFile(Path file) {
        this.file = file;
    }

    String read() {
        try {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            if (!Files.isRegularFile(file)) {
                throw ExtguardException.usage("The password file " + file + " is not a regular file; give the file "
                        + "that holds the password, e.g. a mounted secret's key.");
            }
            if (Files.size(file) > MOST_BYTES) {
                throw ExtguardException.usage("The password file " + file + " is larger than 64 KiB; a password "
                        + "never is. Check the path.");
            }
            String password = withoutTrailingNewline(Files.readString(file, StandardCharsets.UTF_8));
            if (password.isEmpty()) {
                throw ExtguardException.usage("The password file " + file + " is empty; PostgreSQL never accepts "
                        + "an empty password. Check that the secret has a value.");
            }
            return password;
        } catch (NoSuchFileException e) {
            throw ExtguardException.usage("The password file " + file + " does not exist; check the secret's mount path.");
        } catch (IOException e) {
            throw ExtguardException.usage("Cannot read the password file " + file + " (" + e.getClass().getSimpleName()
                    + "); check that the secret is mounted readable for this user.");
        }
    }

    /** Mounted secrets often end with one newline that is not part of the password; spaces may be. */
    static String withoutTrailingNewline(String content) {
        return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }
}
