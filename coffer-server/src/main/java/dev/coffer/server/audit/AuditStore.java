package dev.coffer.server.audit;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The audit trail's SQL: appending links under the chain head's lock, searching, walking, pruning. */
public final class AuditStore {

    /** The chain's head and the anchor where pruning cut it. */
    public record Chain(long headSeq, String headHash, long anchorSeq, String anchorHash) {}

    /** When a secret was last read and by whom (one row per distinct actor). */
    public record Reader(String actorType, String actorId, String actorName, long lastReadAt, long reads) {}

    private AuditStore() {}

    /**
     * Appends the events as the next links of the chain, in order, in the caller's transaction. The
     * head row is locked first ({@code FOR UPDATE} on PostgreSQL; SQLite has one writer), so appenders
     * on several nodes take turns and the chain stays one line.
     */
    static List<StoredEvent> append(Tx tx, List<AuditEvent> events, Supplier<String> ids) {
        return append(tx, events, events.stream().map(StoredEvent::metadataOf).toList(), ids);
    }

    /**
     * Like {@link #append(Tx, List, Supplier)} with each event's metadata already encoded (by the
     * requests, before they queued): only the links, their hashes and the inserts are left to do
     * here, under the chain head's lock. The events go to the database as one batch, their secret
     * names as another, not one round trip each.
     */
    static List<StoredEvent> append(Tx tx, List<AuditEvent> events, List<String> metadata, Supplier<String> ids) {
        Chain chain = chain(tx, true);
        long seq = chain.headSeq();
        String prev = chain.headHash();
        List<StoredEvent> out = new ArrayList<>(events.size());
        List<Object[]> eventRows = new ArrayList<>(events.size());
        List<Object[]> secretRows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            AuditEvent e = events.get(i);
            StoredEvent row = StoredEvent.link(e, metadata.get(i), ++seq, ids.get(), prev);
            eventRows.add(columns(row));
            for (String key : e.secretKeys()) secretRows.add(new Object[] {row.seq(), key});
            prev = row.hash();
            out.add(row);
        }
        Jdbc.batch(
                tx,
                "INSERT INTO audit_events (seq, id, created_at, event_type, actor_type, actor_id, actor_name, org_id,"
                        + " project_id, environment, secret_path, ip, user_agent, status, metadata, prev_hash, hash)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                eventRows);
        // a listing names every secret it showed: one batch for all of them, not a round trip each
        Jdbc.batch(tx, "INSERT INTO audit_event_secrets (seq, secret_key) VALUES (?, ?)", secretRows);
        Jdbc.update(tx, "UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1", seq, prev);
        return out;
    }

    private static Object[] columns(StoredEvent r) {
        return new Object[] {
            r.seq(),
            r.id(),
            r.createdAt(),
            r.eventType(),
            r.actorType(),
            r.actorId(),
            r.actorName(),
            r.orgId(),
            r.projectId(),
            r.environment(),
            r.secretPath(),
            r.ip(),
            r.userAgent(),
            r.status(),
            r.metadata(),
            r.prevHash(),
            r.hash()
        };
    }

    public static Chain chain(Tx tx, boolean lock) {
        return Jdbc.one(
                        tx,
                        "SELECT head_seq, head_hash, anchor_seq, anchor_hash FROM audit_chain WHERE id = 1"
                                + (lock ? tx.dialect().forUpdate() : ""),
                        rs -> new Chain(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .orElseThrow(() -> new IllegalStateException("the audit chain's head row is missing"));
    }

    /** Up to {@code limit} rows after {@code afterSeq}, in chain order. */
    public static List<StoredEvent> after(Tx tx, long afterSeq, int limit) {
        return Jdbc.list(
                tx, "SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?", AuditStore::row, afterSeq, limit);
    }

    /** The events of a search, newest first. */
    public static List<StoredEvent> search(Tx tx, AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_events e WHERE e.org_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(q.orgId());
        eq(sql, args, "e.project_id", q.projectId());
        eq(sql, args, "e.environment", q.environment());
        eq(sql, args, "e.actor_type", q.actorType());
        eq(sql, args, "e.actor_id", q.actorId());
        eq(sql, args, "e.secret_path", q.secretPath());
        eq(sql, args, "e.event_type", q.eventType());
        if (q.secretKey() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM audit_event_secrets s WHERE s.seq = e.seq AND s.secret_key = ?)");
            args.add(q.secretKey());
        }
        if (q.startDate() != null) {
            sql.append(" AND e.created_at >= ?");
            args.add(q.startDate());
        }
        if (q.endDate() != null) {
            sql.append(" AND e.created_at < ?");
            args.add(q.endDate());
        }
        sql.append(" ORDER BY e.seq DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return Jdbc.list(tx, sql.toString(), AuditStore::row, args.toArray());
    }

    private static void eq(StringBuilder sql, List<Object> args, String column, String value) {
        if (value == null) return;
        sql.append(" AND ").append(column).append(" = ?");
        args.add(value);
    }

    /** Who read a secret (successful reads) since {@code since}, most recent reader first. */
    public static List<Reader> readers(
            Tx tx, String orgId, String projectId, String environment, String secretPath, String key, long since) {
        return Jdbc.list(
                tx,
                "SELECT e.actor_type, e.actor_id, MAX(e.actor_name), MAX(e.created_at) AS last_read, COUNT(*)"
                        + " FROM audit_events e JOIN audit_event_secrets s ON s.seq = e.seq"
                        + " WHERE e.org_id = ? AND e.project_id = ? AND e.environment = ? AND e.secret_path = ?"
                        + " AND s.secret_key = ? AND e.created_at >= ? AND e.event_type IN ('get-secret', 'get-secrets')"
                        + " AND e.status >= 200 AND e.status < 300"
                        + " GROUP BY e.actor_type, e.actor_id ORDER BY last_read DESC",
                rs -> new Reader(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)),
                orgId,
                projectId,
                environment,
                secretPath,
                key,
                since);
    }

    /**
     * Removes the events created before {@code before} (up to the newest of them in chain order) and
     * records the last removed one as the anchor, so the rest still verifies from its hash. Returns how
     * many events were removed.
     */
    static int pruneBefore(Tx tx, long before) {
        chain(tx, true);
        Optional<StoredEvent> cut = Jdbc.one(
                tx,
                "SELECT * FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events WHERE created_at < ?)",
                AuditStore::row,
                before);
        if (cut.isEmpty()) return 0;
        long seq = cut.get().seq();
        Jdbc.update(tx, "DELETE FROM audit_event_secrets WHERE seq <= ?", seq);
        int n = Jdbc.update(tx, "DELETE FROM audit_events WHERE seq <= ?", seq);
        Jdbc.update(
                tx,
                "UPDATE audit_chain SET anchor_seq = ?, anchor_hash = ? WHERE id = 1",
                seq,
                cut.get().hash());
        return n;
    }

    private static StoredEvent row(ResultSet rs) throws SQLException {
        return new StoredEvent(
                rs.getLong("seq"),
                rs.getString("id"),
                rs.getLong("created_at"),
                rs.getString("event_type"),
                rs.getString("actor_type"),
                rs.getString("actor_id"),
                rs.getString("actor_name"),
                rs.getString("org_id"),
                rs.getString("project_id"),
                rs.getString("environment"),
                rs.getString("secret_path"),
                rs.getString("ip"),
                rs.getString("user_agent"),
                rs.getInt("status"),
                rs.getString("metadata"),
                rs.getString("prev_hash"),
                rs.getString("hash"));
    }
}
