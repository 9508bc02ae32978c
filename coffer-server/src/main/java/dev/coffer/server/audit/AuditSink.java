package dev.coffer.server.audit;

/**
 * Where audit events go. The pipeline records one event for every request before it answers; a sink
 * that throws makes the request fail (fail closed), so nothing is served that was not recorded.
 */
@FunctionalInterface
public interface AuditSink {

    /** Records the event; throws when it could not. */
    void record(AuditEvent event);

    /** Records nothing (the audit trail arrives with its own feature). */
    AuditSink NONE = event -> {};
}
