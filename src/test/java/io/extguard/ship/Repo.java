package io.extguard.ship;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the shipped files are: the repository root is the directory Maven runs the tests in. */
final class Repo {
    private static final Path ROOT = findRoot();

    private Repo() {
    }

    static Path root() {
        return ROOT;
    }

    /**
     * The project's own files: target/ and .git are not descended into, since the tests of another
     * surefire fork create and remove servers under target/ while this walk runs.
     */
    static java.util.List<Path> sourceFiles() {
        java.util.List<Path> found = new java.util.ArrayList<>();
        try {
            java.nio.file.Files.walkFileTree(ROOT, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                        java.nio.file.attribute.BasicFileAttributes attributes) {
                    return dir.equals(path("target")) || dir.equals(path(".git"))
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        found.add(file);
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot list " + ROOT, e);
        }
        return found;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static Path k8s() {
        return path("k8s");
    }

    static Path compose() {
        return path("compose");
    }

    static Path docker() {
        return path("src/main/docker");
    }

    /** The Compose Specification's JSON schema, which CI keeps in ../shared beside the clone. */
    static Path composeSchema() {
        Path schema = ROOT.resolve("../shared/schemas/compose-spec.json").normalize();
        if (!Files.isRegularFile(schema)) {
            fail("The Compose Specification's schema is missing: expected " + schema + " (../shared/schemas/"
                    + "compose-spec.json relative to the repository root, where CI puts shared/ beside the clone). "
                    + "Without it the compose files cannot be validated.");
        }
        return schema;
    }

    /** The project's version from pom.xml, e.g. 0.1.0-SNAPSHOT. */
    static String projectVersion() {
        try {
            String pom = Files.readString(path("pom.xml"));
            int artifact = pom.indexOf("<artifactId>extguard</artifactId>");
            int start = pom.indexOf("<version>", artifact) + "<version>".length();
            return pom.substring(start, pom.indexOf("</version>", start)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The release the images are tagged with: the project version without -SNAPSHOT. */
    static String releaseVersion() {
        return projectVersion().replace("-SNAPSHOT", "");
    }

    /** Files under {@code dir} whose names end with one of the suffixes, sorted. */
    static List<Path> files(Path dir, String... suffixes) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(s -> p.getFileName().toString().endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static String relative(Path file) {
        return ROOT.relativize(file.toAbsolutePath().normalize()).toString();
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
