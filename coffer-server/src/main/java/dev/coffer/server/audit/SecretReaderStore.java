package dev.coffer.server.audit;

import dev.coffer.server.store.Jdbc;
import dev.coffer.server.store.Tx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Who still reads this secret": per secret, reader and UTC day, the reads and the last read time,
 * kept up to date by the audit writer about once a second from the reads' events (see {@link
 * GroupCommitWriter}). The events are tallied in memory first; the table holds one row per folder,
 * reader and day, whose names ({@link NameTallies}) carry each secret's sums, so a second of reads of a
 * folder is one row read and written however many of its secrets were read (a row per secret made a
 * list of a folder of 100 cost 100 upserts into an index of them all).
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

    /**
     * Adds the sums of {@code pending} to the table: for each folder, reader and day, its row's names are
     * read (locked on PostgreSQL, in one order on every node), added to, and written back; a row that is
     * new is inserted with the sums alone.
     */
    static void upsert(Tx tx, Pending pending) {
        Map<Place, Pending.Sums> sums = pending.sums;
        if (sums.isEmpty()) return;
        List<Place> places = new ArrayList<>(sums.keySet());
        Collections.sort(places); // nodes sharing PostgreSQL lock the rows in one order
        List<Object[]> updates = new ArrayList<>();
        for (Place k : places) {
            Pending.Sums place = sums.get(k);
            place.settle();
            NameTallies added = NameTallies.empty();
            Tally latest = null;
            for (Map.Entry<String, Tally> e : place.byName.entrySet()) {
                Tally t = e.getValue();
                added.add(e.getKey(), t.reads, t.lastReadAt);
                if (latest == null || t.lastReadAt >= latest.lastReadAt) latest = t;
            }
            if (latest == null) continue;
            Optional<String> held = names(tx, k);
            if (held.isEmpty()) {
                int inserted = Jdbc.update(
                        tx,
                        "INSERT INTO audit_folder_readers (project_id, environment, secret_path, actor_type, actor_id,"
                                + " day, org_id, actor_name, names) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT DO NOTHING",
                        k.projectId(),
                        k.environment(),
                        k.secretPath(),
                        k.actorType(),
                        k.actorId(),
                        k.day(),
                        latest.orgId,
                        latest.actorName,
                        added.json());
                if (inserted == 1) continue;
                held = names(tx, k); // another node inserted it in the meantime
            }
            NameTallies all = NameTallies.parse(held.orElse("{}"));
            all.addAll(added);
            updates.add(new Object[] {
                all.json(),
                latest.actorName,
                k.projectId(),
                k.environment(),
                k.secretPath(),
                k.actorType(),
                k.actorId(),
                k.day()
            });
        }
        Jdbc.batch(
                tx,
                "UPDATE audit_folder_readers SET names = ?, actor_name = ? WHERE project_id = ? AND environment = ?"
                        + " AND secret_path = ? AND actor_type = ? AND actor_id = ? AND day = ?",
                updates);
    }

    /** The names of a folder's row for a reader and day, locked until the transaction ends (PostgreSQL). */
    private static Optional<String> names(Tx tx, Place k) {
        return Jdbc.one(
                tx,
                "SELECT names FROM audit_folder_readers WHERE project_id = ? AND environment = ? AND secret_path = ?"
                        + " AND actor_type = ? AND actor_id = ? AND day = ?"
                        + tx.dialect().forUpdate(),
                rs -> rs.getString(1),
                k.projectId(),
                k.environment(),
                k.secretPath(),
                k.actorType(),
                k.actorId(),
                k.day());
    }

    /**
     * Who read a secret since {@code since}, most recent reader first; a reader's count covers the
     * whole UTC days from the one {@code since} falls in.
     */
    public static List<Reader> readers(
            Tx tx, String orgId, String projectId, String environment, String secretPath, String key, long since) {
        Map<String, Reader> byActor = new HashMap<>();
        List<Reader> days = Jdbc.list(
                tx,
                "SELECT actor_type, actor_id, actor_name, names FROM audit_folder_readers"
                        + " WHERE project_id = ? AND environment = ? AND secret_path = ? AND day >= ? AND org_id = ?",
                rs -> {
                    NameTallies.Count c = NameTallies.parse(rs.getString(4)).of(key);
                    return c == null
                            ? null
                            : new Reader(rs.getString(1), rs.getString(2), rs.getString(3), c.lastReadAt(), c.reads());
                },
                projectId,
                environment,
                secretPath,
                Math.floorDiv(since, DAY_MS),
                orgId);
        for (Reader r : days) {
            if (r != null) byActor.merge(r.actorType() + "\u0000" + r.actorId(), r, SecretReaderStore::sum);
        }
        return byActor.values().stream()
                .filter(r -> r.lastReadAt() >= since)
                .sorted(Comparator.comparingLong(Reader::lastReadAt).reversed())
                .toList();
    }

    /** One reader's reads of two days: the name it had when it read last. */
    private static Reader sum(Reader a, Reader b) {
        Reader last = a.lastReadAt() >= b.lastReadAt() ? a : b;
        return new Reader(a.actorType(), a.actorId(), last.actorName(), last.lastReadAt(), a.reads() + b.reads());
    }

    /** Forgets the days that ended before {@code before}, as the events of those days are pruned. */
    static void pruneBefore(Tx tx, long before) {
        Jdbc.update(tx, "DELETE FROM audit_folder_readers WHERE day < ?", Math.floorDiv(before, DAY_MS));
    }
}
