package dev.coffer.sdk;

/**
 * Anything that went wrong talking to the server. The message is the server's (which never holds a
 * secret value; the SDK also removes its own credentials from it, escapes control characters and bounds
 * its length) or says what failed locally; subclasses tell the cases apart.
 */
public class CofferException extends RuntimeException {

    private final int status;
    private final String error;

    public CofferException(String message, int status, String error, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status, or 0 when no usable answer came (connection failed, timed out, answer too large). */
    public int status() {
        return status;
    }

    /** The server's error name ("NotFound", "PermissionDenied", …), or null. */
    public String error() {
        return error;
    }

    /** 401: the credentials or token are wrong, expired or revoked. */
    public static final class Unauthorized extends CofferException {
        public Unauthorized(String message, String error) {
            super(message, 401, error, null);
        }
    }

    /** 403: authenticated, but not allowed. */
    public static final class Forbidden extends CofferException {
        public Forbidden(String message, String error) {
            super(message, 403, error, null);
        }
    }

    /** 404: the project, environment, folder or secret does not exist. */
    public static final class NotFound extends CofferException {
        public NotFound(String message, String error) {
            super(message, 404, error, null);
        }
    }

    /** No usable answer: the server could not be reached, timed out, or failed (5xx). */
    public static final class Unavailable extends CofferException {
        public Unavailable(String message, int status, Throwable cause) {
            super(message, status, null, cause);
        }
    }
}
