package dev.coffer.server.errors;

/** A reason the server refuses to start; the message is printed as is and must say what to do. */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message, null, false, false);
    }
}
