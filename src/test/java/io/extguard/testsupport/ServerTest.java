package io.extguard.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that starts a real PostgreSQL server (or a container): {@code bin/test --fast}
 * leaves it out (surefire's {@code excludedGroups=server}, the {@code fast} Maven profile).
 *
 * <p>Forgetting it cannot go unnoticed: in the fast tier {@link TestTier#refuseServer} makes
 * {@link PgInstall} fail the test with a message that names this annotation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(ServerTest.TAG)
public @interface ServerTest {
    String TAG = "server";
}
