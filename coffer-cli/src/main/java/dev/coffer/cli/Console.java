package dev.coffer.cli;

/** Messages to the user on stderr, prefixed "coffer:". Never given a secret value. */
public final class Console {

    private Console() {}

    public static void info(String message) {
        System.err.println("coffer: " + message);
    }

    public static void warn(String message) {
        System.err.println("coffer: warning: " + message);
    }
}
