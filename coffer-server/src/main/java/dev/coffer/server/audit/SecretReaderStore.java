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
         * The sums of one reader, folder and day by secret name, and the tallies of the names its last
         * event listed: a reader usually lists the same names again, and then they are found by one
         * comparison of the lists instead of a lookup per name.
         */
        private static final class Sums {
            final Map<String, Tally> byName = new HashMap<>();
            List<String> lastNames = List.of();
            Tally[] lastTallies = new Tally[0];

            Tally[] tallies(List<String> names) {
                if (names.equals(lastNames)) return lastTallies;
                Tally[] found = new Tally[names.size()];
                for (int i = 0; i < found.length; i++) {
                    found[i] = byName.computeIfAbsent(names.get(i), n -> new Tally());
                }
                lastNames = names;
                lastTallies = found;
                return found;
            }
        }

        /** Adds the reads among {@code rows} (whose secret names are {@code keys}, row by row). */
        void add(List<StoredEvent> rows, List<List<String>> keys) {
            for (int i = 0; i < rows.size(); i++) {
                StoredEvent e = rows.get(i);
                lastSeq = Math.max(lastSeq, e.seq());
                if (!isRead(e)) continue;
                Sums place = sums.computeIfAbsent(
                        new Place(
                                e.projectId(),
                                e.environment(),
                                e.secretPath(),
                                e.actorType(),
                                e.actorId(),
                                Math.floorDiv(e.createdAt(), DAY_MS)),
                        p -> new Sums());
                for (Tally t : place.tallies(keys.get(i))) {
                    t.orgId = e.orgId();
                    t.actorName = e.actorName();
                    t.lastReadAt = Math.max(t.lastReadAt, e.createdAt());
                    t.reads++;
                }
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
            Map<String, Tally> byName = sums.get(k).byName;
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
