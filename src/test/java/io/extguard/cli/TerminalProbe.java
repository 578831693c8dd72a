package io.extguard.cli;

/** Prints what {@link Terminal} says of this process's stdout; run by TerminalTest as a child JVM. */
final class TerminalProbe {
    private TerminalProbe() {
    }

    public static void main(String[] args) {
        System.out.println("stdout is a terminal: " + Terminal.stdout());
    }
}
