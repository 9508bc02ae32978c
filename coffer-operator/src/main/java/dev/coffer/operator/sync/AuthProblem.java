package dev.coffer.operator.sync;

/** The resource's authentication cannot be used: a condition reason and a message saying what to fix. */
final class AuthProblem extends Exception {
    private final String reason;

    AuthProblem(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
