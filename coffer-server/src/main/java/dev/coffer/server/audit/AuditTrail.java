package dev.coffer.server.audit;

import dev.coffer.server.store.Database;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The audit trail of a running server: the database writer (group commit, hash chain) and any extra
 * sink, behind one {@link AuditSink} for the pipeline. Fail closed unless the settings say otherwise.
 */
public final class AuditTrail implements AutoCloseable {

    private static final Logger LOG = System.getLogger(AuditTrail.class.getName());

    private final GroupCommitWriter writer;
    private final AuditSink sink;

    private AuditTrail(GroupCommitWriter writer, AuditSink sink) {
        this.writer = writer;
        this.sink = sink;
    }

    /** Starts the trail on the database; {@code extra} also receives every event (NONE for none). */
    public static AuditTrail start(Database db, AuditSettings settings, AuditSink extra) {
        GroupCommitWriter writer =
                settings.enabled() ? new GroupCommitWriter(db, settings.maxWait(), rows -> {}) : null;
        if (!settings.enabled()) {
            LOG.log(Level.WARNING, "COFFER_AUDIT=off: requests are NOT recorded in the audit trail");
        }
        AuditSink both = event -> {
            if (writer != null) writer.record(event);
            extra.record(event);
        };
        if (!settings.failOpen()) return new AuditTrail(writer, both);
        LOG.log(
                Level.WARNING,
                "COFFER_AUDIT_FAIL_OPEN=true: requests are answered even when they could not be recorded in the "
                        + "audit trail; unset it to refuse them instead (fail closed)");
        return new AuditTrail(writer, event -> {
            try {
                both.record(event);
            } catch (RuntimeException e) {
                LOG.log(
                        Level.ERROR,
                        () -> event.requestId() + " NOT RECORDED in the audit trail ("
                                + e.getClass().getSimpleName()
                                + "); answered anyway because COFFER_AUDIT_FAIL_OPEN=true");
            }
        });
    }

    public AuditSink sink() {
        return sink;
    }

    /** Verifies the chain of the database (see {@link ChainVerifier}). */
    public static ChainVerifier.Result verify(Database db) {
        return ChainVerifier.verify(db);
    }

    @Override
    public void close() {
        if (writer != null) writer.close();
    }
}
