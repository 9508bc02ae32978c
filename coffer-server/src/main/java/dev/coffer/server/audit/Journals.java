package dev.coffer.server.audit;

import dev.coffer.server.store.Database;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The audit journals ({@link AuditJournal}) of a data directory as a server starts: the journals no
 * other server holds are opened, so that the writer adds the events they hold past their marks; one of
 * them (or a new one) goes on journaling this server's reads when journaling is on, and the others are
 * emptied and removed. A journal whose id the database does not know belongs to another database: it
 * is left alone, and never read as this one's.
 */
final class Journals {

    private static final Logger LOG = System.getLogger(Journals.class.getName());

    private Journals() {}

    /** What is in the data directory now, the journal that goes on journaling reads last (when {@code forReads}). */
    static List<GroupCommitWriter.Journaled> open(Database db, Path dataDir, boolean forReads, int capacity)
            throws IOException {
        List<GroupCommitWriter.Journaled> out = new ArrayList<>();
        if (dataDir == null) return out;
        renameLegacy(db, dataDir);
        List<String> ids = AuditJournal.idsIn(dataDir);
        if (ids.isEmpty() && !forReads) return out;
        Map<String, AuditStore.JournalRow> known = db.read(AuditStore::journals);
        AuditJournal reused = null;
        try {
            for (String id : ids) {
                AuditStore.JournalRow row = known.get(id);
                if (row == null) {
                    LOG.log(
                            Level.WARNING,
                            () -> AuditJournal.fileName(id) + " in " + dataDir + " is another database's audit"
                                    + " journal: left as it is, none of its events added to this one");
                    continue;
                }
                AuditJournal journal;
                try {
                    journal = AuditJournal.open(dataDir, row.capacity(), id); // the size it was made with
                } catch (AuditJournal.InUse e) {
                    continue; // a running server's: it adds its events itself
                }
                boolean keep = forReads && reused == null;
                if (keep) reused = journal;
                out.add(new GroupCommitWriter.Journaled(journal, row.position(), keep));
            }
            if (forReads && reused == null) {
                String id = UUID.randomUUID().toString();
                db.write(tx -> {
                    AuditStore.addJournal(tx, id, capacity);
                    return null;
                });
                out.add(new GroupCommitWriter.Journaled(AuditJournal.open(dataDir, capacity, id), 0, true));
            }
        } catch (IOException | RuntimeException e) {
            for (GroupCommitWriter.Journaled j : out) j.journal().close();
            throw e;
        }
        // the one that goes on journaling last: its events follow the others'
        out.sort((a, b) -> Boolean.compare(a.forReads(), b.forReads()));
        return out;
    }

    /** Gives the journal of a release before V20 ({@code audit.journal}) its id's name; its mark is a row now. */
    private static void renameLegacy(Database db, Path dataDir) throws IOException {
        Path legacy = dataDir.resolve(AuditJournal.LEGACY_FILE_NAME);
        if (!Files.exists(legacy)) return;
        String id = db.read(AuditStore::legacyJournalId);
        if (id == null) return;
        Path named = dataDir.resolve(AuditJournal.fileName(id));
        if (!Files.exists(named)) Files.move(legacy, named);
    }

    /**
     * How many events the journals in {@code dataDir} hold that the database does not yet, read without
     * writing anything (for {@code coffer audit verify} beside a stopped server).
     */
    static int pending(Database db, Path dataDir) throws IOException {
        Map<String, AuditStore.JournalRow> known = db.read(AuditStore::journals);
        int n = 0;
        String legacy = db.read(AuditStore::legacyJournalId);
        if (legacy != null && known.containsKey(legacy)) {
            n += AuditJournal.countFrom(
                    dataDir,
                    AuditJournal.LEGACY_FILE_NAME,
                    legacy,
                    known.get(legacy).position());
        }
        for (String id : AuditJournal.idsIn(dataDir)) {
            AuditStore.JournalRow row = known.get(id);
            if (row != null) n += AuditJournal.countFrom(dataDir, AuditJournal.fileName(id), id, row.position());
        }
        return n;
    }
}
