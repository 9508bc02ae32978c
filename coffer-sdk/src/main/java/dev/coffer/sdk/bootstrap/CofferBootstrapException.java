package dev.coffer.sdk.bootstrap;

/**
 * Secrets could not be loaded at start-up (strict mode). The message says what went wrong and what
 * to do about it; it never holds a secret value, the client secret or an access token.
 */
public final class CofferBootstrapException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why loading failed. */
    public enum Reason {
        /** Required settings (API URL, project, environment, credentials) are not set. */
        MISSING_SETTINGS,
        /**
         * A setting is set but unusable (an API URL that is not http:// or https://, say), or the server URL
         * and the credentials come from different sources (environment and settings file).
         */
        INVALID_SETTINGS,
        /** The server could not be reached, timed out or failed (5xx). */
        UNAVAILABLE,
        /** 401: the client id/secret or token is wrong, expired or revoked. */
        UNAUTHORIZED,
        /** 403: the identity may not read this project, environment or folder. */
        FORBIDDEN,
        /** 404: the project, environment or folder does not exist. */
        NOT_FOUND,
        /** Anything else the server refused. */
        FAILED
    }

    private final Reason reason;

    CofferBootstrapException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
