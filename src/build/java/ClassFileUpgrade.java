import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;

/**
 * Rewrites the pre-Java-6 class files of one jar as Java 8 class files, with the stack map frames
 * that javac would have written: run by the build (pom.xml, package phase) on the packaged picocli
 * jar, a source-file program so that nothing of it ships.
 *
 * <p>Why: picocli is compiled for Java 5. The JDK's AOT cache (JEP 483) skips such classes ("Old
 * class has been linked", "Verified with old verifier"), so each start of extguard loaded and
 * verified picocli's 176 classes from the jar: about 70 ms of a 0.35 s start, measured with and
 * without this rewrite on the same cache recipe (README, Benchmark). Java 8 class files carry the
 * frames the split verifier checks, which the cache can hold. ASM computes the frames from the
 * code itself (COMPUTE_FRAMES); the bytecode is otherwise unchanged.
 *
 * <p>Usage: {@code java -cp 'asm jars' ClassFileUpgrade some.jar}. The jar is replaced atomically;
 * a jar without old class files is left alone, so running it twice changes nothing. A missing jar
 * is not an error: a native build packages no jar.
 */
public final class ClassFileUpgrade {
    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        if (!Files.isRegularFile(jar)) {
            System.out.println("ClassFileUpgrade: no " + jar + ", nothing to upgrade");
            return;
        }
        Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int count;
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
            count = copy(in, out, classes);
        }
        if (count == 0) {
            Files.delete(upgraded);
            System.out.println("ClassFileUpgrade: " + jar.getFileName() + " has no class file older than Java 6");
            return;
        }
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("ClassFileUpgrade: " + count + " class files of " + jar.getFileName() + " rewritten as Java 8");
    }

    private static int copy(ZipInputStream in, ZipOutputStream out, ClassLoader classes) throws IOException {
        int count = 0;
        for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
            byte[] bytes = in.readAllBytes();
            if (isOldClassFile(entry.getName(), bytes)) {
                bytes = upgrade(bytes, classes);
                count++;
            }
            ZipEntry copy = new ZipEntry(entry.getName());
            copy.setTime(entry.getTime());
            out.putNextEntry(copy);
            out.write(bytes);
            out.closeEntry();
        }
        return count;
    }

    private static boolean isOldClassFile(String name, byte[] bytes) {
        return name.endsWith(".class") && bytes.length > 8 && ((bytes[6] & 0xff) << 8 | (bytes[7] & 0xff)) < JAVA_6;
    }

    private static byte[] upgrade(byte[] bytes, ClassLoader classes) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            // Frames at a merge point name the common superclass of two types: resolved against
            // the jar itself (and the JDK), never against the build's own class path.
            @Override
            protected ClassLoader getClassLoader() {
                return classes;
            }
        };
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }

            // Java 8 class files may not use jsr/ret; javac stopped emitting them before Java 5, so this only guards.
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                return new JSRInlinerAdapter(method, access, name, descriptor, signature, exceptions);
            }
        }, 0);
        return writer.toByteArray();
    }
}
