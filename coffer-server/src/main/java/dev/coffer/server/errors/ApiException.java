package dev.coffer.server.errors;

import java.util.List;

/**
 * The closed set of errors a request can end in. Each maps to one HTTP status and one Infisical
 * error name in the HTTP error mapper; the message is shown to the client as is, so it must say what
 * was wrong and what to do, and must never contain a secret value.
 */
public abstract sealed class ApiException extends RuntimeException {

    private ApiException(String message) {
        super(message, null, false, false);
    }

    /** 400: the request cannot be carried out as asked. */
    public static final class BadRequest extends ApiException {
        public BadRequest(String message) {
            super(message);
        }
    }

    /** 401: no credentials, or credentials that are malformed, expired or revoked. */
    public static final class Unauthorized extends ApiException {
        public Unauthorized(String message) {
            super(message);
        }
    }

    /** 403: the caller is known but may not do this. */
    public static final class Forbidden extends ApiException {
        public Forbidden(String message) {
            super(message);
        }
    }

    /** 404: the thing named in the request does not exist (or is not visible to the caller). */
    public static final class NotFound extends ApiException {
        public NotFound(String message) {
            super(message);
        }
    }

    /** 409: the request conflicts with existing state, e.g. a name that is already taken. */
    public static final class Conflict extends ApiException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** 413: the body is larger than the configured limit. */
    public static final class PayloadTooLarge extends ApiException {
        public PayloadTooLarge(String message) {
            super(message);
        }
    }

    /** 422: a field has the wrong type or shape; {@code issues} lists each one. */
    public static final class Validation extends ApiException {
        private final List<Issue> issues;

        public Validation(String message, List<Issue> issues) {
            super(message);
            this.issues = List.copyOf(issues);
        }

        public Validation(String field, String message) {
            this(message, List.of(new Issue(field, message)));
        }

        public List<Issue> issues() {
            return issues;
        }
    }

    /** 429: too many attempts; retry after the given number of seconds. */
    public static final class RateLimited extends ApiException {
        private final long retryAfterSeconds;

        public RateLimited(String message, long retryAfterSeconds) {
            super(message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /**
     * 500 with a message that is safe to show, for failures the operator must act on (stored data
     * that fails its integrity check). Unexpected exceptions never use this; they get a generic 500.
     */
    public static final class ServerFault extends ApiException {
        public ServerFault(String message) {
            super(message);
        }
    }

    /** One field-level problem in a 422 answer. */
    public record Issue(String path, String message) {}
}
