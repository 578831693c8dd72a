package io.extguard.testsupport;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints every skipped test, and why, on the console: surefire counts skips but keeps their
 * reasons in its XML files. Covers {@code @Disabled} and failed assumptions. Registered through
 * META-INF/services, so every surefire and failsafe run uses it.
 */
public final class SkipReasons implements TestExecutionListener {

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        print(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            print(test, result.getThrowable().map(SkipReasons::reason).orElse("aborted"));
        }
    }

    private static String reason(Throwable failure) {
        // Assumptions say "Assumption failed: <message>"; the prefix adds nothing to "skipped".
        String message = String.valueOf(failure.getMessage());
        return message.startsWith("Assumption failed: ") ? message.substring("Assumption failed: ".length()) : message;
    }

    private static void print(TestIdentifier test, String reason) {
        System.out.println("[SKIPPED] " + name(test) + ": " + reason);
        System.out.flush();
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            return simpleName(method.getClassName()) + "." + method.getMethodName();
        }
        if (source instanceof ClassSource type) {
            return simpleName(type.getClassName());
        }
        return test.getDisplayName();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
