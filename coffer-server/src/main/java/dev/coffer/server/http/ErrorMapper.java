package dev.coffer.server.http;

import dev.coffer.server.errors.ApiException;
import dev.coffer.server.errors.StorageFull;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Turns any throwable into Infisical's error body. Known errors keep their message; anything else
 * becomes a 500 with a generic message and a request id, and is logged by type only (an exception
 * message could quote a value, so it never reaches the client).
 */
public final class ErrorMapper {

    private static final Logger LOG = System.getLogger(ErrorMapper.class.getName());

    private ErrorMapper() {}

    /** The JSON error body: {@code {reqId, statusCode, message, error, details}}. */
    public record ErrorBody(String reqId, int statusCode, String message, String error, Object details) {}

    /** Maps a throwable to its status and body, under the request's id. */
    public static ErrorBody map(String reqId, Throwable t) {
        if (t instanceof BodyFault f) return new ErrorBody(reqId, f.status(), f.getMessage(), f.error(), null);
        if (t instanceof ApiException e) {
            return switch (e) {
                case ApiException.BadRequest b -> new ErrorBody(reqId, 400, b.getMessage(), "BadRequest", null);
                case ApiException.Unauthorized u ->
                    new ErrorBody(reqId, 401, u.getMessage(), "UnauthorizedError", null);
                case ApiException.Forbidden f -> new ErrorBody(reqId, 403, f.getMessage(), "PermissionDenied", null);
                case ApiException.NotFound n -> new ErrorBody(reqId, 404, n.getMessage(), "NotFound", null);
                case ApiException.Conflict c -> new ErrorBody(reqId, 409, c.getMessage(), "Conflict", null);
                case ApiException.PayloadTooLarge p ->
                    new ErrorBody(reqId, 413, p.getMessage(), "PayloadTooLarge", null);
                case ApiException.Validation v ->
                    new ErrorBody(reqId, 422, v.getMessage(), "ValidationFailure", v.issues());
                case ApiException.RateLimited r -> new ErrorBody(reqId, 429, r.getMessage(), "RateLimitExceeded", null);
                case ApiException.ServerFault s -> {
                    LOG.log(Level.ERROR, () -> reqId + " " + s.getMessage());
                    yield new ErrorBody(reqId, 500, s.getMessage(), "InternalServerError", null);
                }
            };
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StorageFull) {
                LOG.log(Level.ERROR, () -> reqId + " the database's storage is full; nothing was written");
                return new ErrorBody(
                        reqId,
                        503,
                        "The server's storage is full, so nothing was written; try again once its operator has"
                                + " freed disk space.",
                        "ServiceUnavailable",
                        null);
            }
        }
        LOG.log(Level.ERROR, () -> reqId + " unexpected " + describe(t));
        return new ErrorBody(reqId, 500, "Something went wrong", "InternalServerError", null);
    }

    /** Type and location of a failure, never its message (which could hold data). */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getClass().getName());
            StackTraceElement[] st = c.getStackTrace();
            for (int i = 0; i < Math.min(6, st.length); i++) {
                sb.append("\n    at ").append(st[i]);
            }
            if (c.getCause() != null) sb.append("\n  caused by ");
        }
        return sb.toString();
    }
}
