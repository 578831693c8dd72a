package io.extguard.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The picocli jar the build rewrote (src/build/java/ClassFileUpgrade.java) holds only class files
 * the JVM's split verifier accepts. Stack map frames that ASM computed wrongly would fail as a
 * VerifyError at the first use of that class, perhaps in a path no other test takes (the help of
 * an option, a parse error); so every class of the jar is loaded, verified and initialised here.
 * A failsafe test: it needs the jar that {@code package} builds.
 */
class PackagedClassFilesIT {
    private static final int JAVA_8 = 52;

    @Test
    void everyClassOfThePackagedPicocliJarIsJava8AndPassesTheVerifier() throws Exception {
        Path jar = picocliJar();
        List<String> classes = classNames(jar);
        assertThat(classes).as("classes in " + jar).hasSizeGreaterThan(100);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            for (String name : classes) {
                // A loader of its own, not the test's: its classes are verified (the JVM trusts none
                // but the JDK's), and initialising them links them, which is when verification runs.
                Class<?> loaded = Class.forName(name, true, loader);
                assertThat(loaded.getClassLoader()).as(name).isSameAs(loader);
            }
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String name : classes) {
                assertThat(majorVersion(file, name)).as(name + " class file version").isEqualTo(JAVA_8);
            }
        }
    }

    private static Path picocliJar() throws IOException {
        Path lib = Repo.path("target/quarkus-app/lib/main");
        assertThat(lib).as("this integration test runs after package (./mvnw verify)").isDirectory();
        try (var files = Files.list(lib)) {
            return files.filter(f -> f.getFileName().toString().startsWith("info.picocli.picocli-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no picocli jar in " + lib));
        }
    }

    private static List<String> classNames(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.contains("module-info") && !n.startsWith("META-INF/"))
                    .forEach(n -> names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.')));
        }
        return names;
    }

    private static int majorVersion(JarFile file, String className) throws IOException {
        try (InputStream in = file.getInputStream(file.getEntry(className.replace('.', '/') + ".class"))) {
            byte[] header = in.readNBytes(8);
            return (header[6] & 0xff) << 8 | (header[7] & 0xff);
        }
    }
}
