package dev.coffer.server.auditlog;

import dev.coffer.server.access.Action;
import dev.coffer.server.access.Actor;
import dev.coffer.server.access.Authorizer;
import dev.coffer.server.access.Resource;
import dev.coffer.server.access.Subject;
import dev.coffer.server.audit.AuditQuery;
import dev.coffer.server.audit.AuditStore;
import dev.coffer.server.audit.ChainVerifier;
import dev.coffer.server.audit.SecretReaderStore;
import dev.coffer.server.audit.StoredEvent;
import dev.coffer.server.store.Database;
import java.time.Clock;
import java.util.List;

/**
 * Reading the audit trail: searching an organization's events, verifying the chain, and who still reads
 * a secret. Organization admins only (the {@code audit-logs} subject, through the Authorizer).
 */
public final class AuditLogService {

    private final Database db;
    private final Authorizer authorizer;
    private final Clock clock;
    private final Runnable settleEvents;
    private final Runnable settleReads;

    /**
     * {@code settleEvents} commits the events the audit writer holds in its journal, and {@code
     * settleReads} that and the reads it has summed for "who reads", so every question sees the
     * requests answered before it.
     */
    public AuditLogService(
            Database db, Authorizer authorizer, Clock clock, Runnable settleEvents, Runnable settleReads) {
        this.db = db;
        this.authorizer = authorizer;
        this.clock = clock;
        this.settleEvents = settleEvents;
        this.settleReads = settleReads;
    }

    /** Only organization admins read the trail; checked before the request's parameters are. */
    void requireAdmin(Actor actor) {
        authorizer.require(actor, Action.READ, Resource.inOrg(Subject.ORG_AUDIT_LOGS, actor.orgId()));
    }

    /** The events of the actor's organization that match, newest first. */
    public List<StoredEvent> search(Actor actor, AuditQuery query) {
        requireAdmin(actor);
        settleEvents.run();
        return db.read(tx -> AuditStore.search(tx, query));
    }

    /** The chain from its anchor to its head, checked link by link. */
    public ChainVerifier.Result verify(Actor actor) {
        requireAdmin(actor);
        settleEvents.run();
        return ChainVerifier.verify(db);
    }

    /** Who read the secret successfully in the last {@code days} days, most recent first. */
    public List<SecretReaderStore.Reader> readers(
            Actor actor, String projectId, String environment, String secretPath, String key, int days) {
        requireAdmin(actor);
        long since = clock.millis() - days * 86_400_000L;
        settleReads.run();
        return db.read(
                tx -> SecretReaderStore.readers(tx, actor.orgId(), projectId, environment, secretPath, key, since));
    }
}
