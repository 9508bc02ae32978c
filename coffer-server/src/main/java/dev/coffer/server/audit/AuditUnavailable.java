package dev.coffer.server.audit;

/**
 * An audit event could not be recorded; the message says why in words fit for a log line (no values,
 * no exception names).
 */
public final class AuditUnavailable extends RuntimeException {

    public AuditUnavailable(String message) {
        super(message, null, false, false);
    }

    /** What to log about a failure of any sink: this type's message, else a fixed phrase. */
    public static String reason(Throwable e) {
        return e instanceof AuditUnavailable u ? u.getMessage() : "the audit sink failed";
    }
}
