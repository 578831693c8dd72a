package io.extguard.report;

import io.extguard.model.ExtguardException;
import io.extguard.model.ProblemCode;
import io.extguard.model.RunReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The {@code --report} file. It is replaced whole by every run, success or failure, through a
 * temporary file beside it, so a reader never sees half a report or the previous run's.
 */
public final class ReportFile {
    private final Path file;

    public ReportFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** Called before anything changes: an update is irreversible, and its report must not be lost. */
    public void requireWritable() {
        try {
            Files.delete(Files.createTempFile(directory(), ".extguard-report-", ".tmp"));
            if (Files.isDirectory(file)) {
                throw new IOException("it is a directory");
            }
        } catch (IOException | RuntimeException e) {
            throw new ExtguardException(ProblemCode.REPORT_UNWRITABLE, "Cannot write the report to " + file
                    + " (" + reason(e) + "); nothing was checked or changed. Give --report a writable path.");
        }
    }

    public void write(RunReport report) {
        try {
            Path temp = Files.createTempFile(directory(), ".extguard-report-", ".tmp");
            Files.writeString(temp, JsonReport.render(report) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ExtguardException(ProblemCode.REPORT_UNWRITABLE,
                    "Cannot write the report to " + file + ": " + reason(e), e);
        }
    }

    private Path directory() {
        Path parent = file.getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
