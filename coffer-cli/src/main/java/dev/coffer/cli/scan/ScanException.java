package dev.coffer.cli.scan;

/** A scan could not run (bad directory, git failure, unreadable allow-list). Messages never contain file content. */
public final class ScanException extends Exception {
    private static final long serialVersionUID = 1L;

    public ScanException(String message) {
        super(message);
    }

    public ScanException(String message, Throwable cause) {
        super(message, cause);
    }
}
