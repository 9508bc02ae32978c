package dev.coffer.server.audit;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Who still reads this secret": a tally per secret, reader and UTC day (reads and the last read
 * time), kept up to date by the audit writer about once a second from the reads' events (see {@link
 * GroupCommitWriter}). The events are tallied in memory first, so many reads of one folder by one
 * reader become one row update per secret, and the rows of a folder's secrets are neighbours in the
 * table's key.
 */
public final class SecretReaderStore {

    static final long DAY_MS = 86_400_000L;

    /** When a secret was last read and by whom (one row per distinct actor). */
    public record Reader(String actorType, String actorId, String actorName, long lastReadAt, long reads) {}

    /** A reader of a folder on a day: what every secret's row of one read event shares. */
    private record Place(
            String projectId, String environment, String secretPath, String actorType, String actorId, long day)
            implements Comparable<Place> {
        @Override
        public int compareTo(Place o) {
            int c = projectId.compareTo(o.projectId);
            if (c == 0) c = environment.compareTo(o.environment);
            if (c == 0) c = secretPath.compareTo(o.secretPath);
            if (c == 0) c = actorType.compareTo(o.actorType);
            if (c == 0) c = actorId.compareTo(o.actorId);
            return c != 0 ? c : Long.compare(day, o.day);
        }
    }

    private static final class Tally {
        String orgId;
        String actorName;
        long lastReadAt;
        long reads;
    }

    private SecretReaderStore() {}

    /** Whether an event is a successful read of named secrets by a known actor in a known folder. */
    static boolean isRead(StoredEvent e) {
        return ("get-secret".equals(e.eventType()) || "get-secrets".equals(e.eventType()))
                && e.status() >= 200
                && e.status() < 300
                && e.orgId() != null
                && e.projectId() != null
                && e.environment() != null
                && e.secretPath() != null
                && e.actorType() != null
                && e.actorId() != null;
    }

    /**
     * Reads tallied in memory and not yet in the table: the audit writer on SQLite adds every group
     * of events here and writes the sums about once a second ({@link #upsert}), so a folder's rows
     * are updated once a second instead of once per commit. {@link #lastSeq} is the newest event
     * added (read or not), where the table is complete up to once the sums are written.
     */
    static final class Pending {
        /** By reader, folder and day, then by secret name: one lookup of the shared part per event. */
        private final Map<Place, Sums> sums = new HashMap<>();

        private long lastSeq;

        /**
         * The sums of one reader, folder and day by secret name, and the run of events since its list of
         * names last changed: a reader usually lists the same names again, and then an event adds to the
         * run (found by one comparison of the lists) instead of to a tally per name; the run is added to
         * the names' tallies when the list changes and before the sums are written ({@link #settle}).
         */
        private static final class Sums {
            final Map<String, Tally> byName = new HashMap<>();
            List<String> runNames = List.of();
            long runReads;
            long runLastReadAt;
            String runOrgId;
            String runActorName;

            void add(List<String> names, StoredEvent e) {
                if (!names.equals(runNames)) {
                    settle();
                    runNames = names;
                }
                runReads++;
                runLastReadAt = Math.max(runLastReadAt, e.createdAt());
                runOrgId = e.orgId();
                runActorName = e.actorName();
            }

            /** Adds the run to the tallies of its names. */
            void settle() {
                if (runReads == 0) return;
                for (String name : runNames) {
                    Tally t = byName.computeIfAbsent(name, n -> new Tally());
                    t.orgId = runOrgId;
                    t.actorName = runActorName;
                    t.lastReadAt = Math.max(t.lastReadAt, runLastReadAt);
                    t.reads += runReads;
                }
                runReads = 0;
                runLastReadAt = 0;
            }
        }

        /** Adds the reads among {@code rows} (whose secret names are {@code keys}, row by row). */
        void add(List<StoredEvent> rows, List<List<String>> keys) {
            for (int i = 0; i < rows.size(); i++) {
                StoredEvent e = rows.get(i);
                lastSeq = Math.max(lastSeq, e.seq());
                if (!isRead(e)) continue;
                sums.computeIfAbsent(
                                new Place(
                                        e.projectId(),
                                        e.environment(),
                                        e.secretPath(),
                                        e.actorType(),
                                        e.actorId(),
                                        Math.floorDiv(e.createdAt(), DAY_MS)),
                                p -> new Sums())
                        .add(keys.get(i), e);
            }
        }

        long lastSeq() {
            return lastSeq;
        }

        /** Forgets the sums once they are written; {@link #lastSeq} stays. */
        void clear() {
            sums.clear();
        }
    }

    /** Adds the reads among {@code rows} (whose secret names are {@code keys}, row by row) to the table. */
    static void tally(Tx tx, List<StoredEvent> rows, List<List<String>> keys) {
        Pending p = new Pending();
        p.add(rows, keys);
        upsert(tx, p);
    }

    /** Adds the sums of {@code pending} to the table's rows, creating the rows that are new. */
    static void upsert(Tx tx, Pending pending) {
        Map<Place, Pending.Sums> sums = pending.sums;
        if (sums.isEmpty()) return;
        List<Place> places = new ArrayList<>(sums.keySet());
        Collections.sort(places); // nodes sharing PostgreSQL lock the rows in one order
        List<Object[]> args = new ArrayList<>();
        for (Place k : places) {
            Pending.Sums place = sums.get(k);
            place.settle();
            Map<String, Tally> byName = place.byName;
            List<String> names = new ArrayList<>(byName.keySet());
            Collections.sort(names);
            for (String name : names) {
                Tally t = byName.get(name);
                args.add(new Object[] {
                    k.projectId(),
                    k.environment(),
                    k.secretPath(),
                    name,
                    k.actorType(),
                    k.actorId(),
                    k.day(),
                    t.orgId,
                    t.actorName,
                    t.lastReadAt,
                    t.reads
                });
            }
        }
        Jdbc.batch(
                tx,
                "INSERT INTO audit_secret_readers (project_id, environment, secret_path, secret_key, actor_type,"
                        + " actor_id, day, org_id, actor_name, last_read_at, reads)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (project_id, environment, secret_path, secret_key, actor_type, actor_id, day)"
                        + " DO UPDATE SET reads = audit_secret_readers.reads + excluded.reads,"
                        + " actor_name = excluded.actor_name,"
                        + " last_read_at = CASE WHEN excluded.last_read_at > audit_secret_readers.last_read_at"
                        + " THEN excluded.last_read_at ELSE audit_secret_readers.last_read_at END",
                args);
    }

    /**
     * Who read a secret since {@code since}, most recent reader first; a reader's count covers the
     * whole UTC days from the one {@code since} falls in.
     */
    public static List<Reader> readers(
            Tx tx, String orgId, String projectId, String environment, String secretPath, String key, long since) {
        return Jdbc.list(
                tx,
                "SELECT actor_type, actor_id, MAX(actor_name), MAX(last_read_at) AS last_read, SUM(reads)"
                        + " FROM audit_secret_readers"
                        + " WHERE project_id = ? AND environment = ? AND secret_path = ? AND secret_key = ?"
                        + " AND day >= ? AND org_id = ?"
                        + " GROUP BY actor_type, actor_id HAVING MAX(last_read_at) >= ? ORDER BY last_read DESC",
                rs -> new Reader(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)),
                projectId,
                environment,
                secretPath,
                key,
                Math.floorDiv(since, DAY_MS),
                orgId,
                since);
    }

    /** Forgets the days that ended before {@code before}, as the events of those days are pruned. */
    static void pruneBefore(Tx tx, long before) {
        Jdbc.update(tx, "DELETE FROM audit_secret_readers WHERE day < ?", Math.floorDiv(before, DAY_MS));
    }
}
