package dev.coffer.operator.coffer;

/**
 * A call to Coffer that did not give an answer to use. {@link Kind} says what a person can do about it;
 * the message names the route and the server's own message, never a token or a value.
 */
public final class CofferException extends RuntimeException {

    public enum Kind {
        /** No answer (connection refused, timeout, TLS failure): try again later. */
        UNREACHABLE,
        /** 401: the token expired or was revoked; log in again. */
        UNAUTHORIZED,
        /** 403/404/400: the identity may not read the scope, or the scope does not exist. */
        REFUSED,
        /** 5xx or an answer that is not Infisical-shaped JSON. */
        SERVER
    }

    private final Kind kind;
    private final int status;

    public CofferException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
