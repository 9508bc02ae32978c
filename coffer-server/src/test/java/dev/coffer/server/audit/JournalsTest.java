package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journals of a data directory as a server starts ({@link Journals}), on a real SQLite file. */
class JournalsTest {

    static final int SMALL = 64 * 1024;

    @TempDir
    Path dir;

    private Database db;

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("coffer.db"), new Invalidator());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static void closeAll(List<GroupCommitWriter.Journaled> journals) {
        for (GroupCommitWriter.Journaled j : journals) j.journal().close();
    }

    @Test
    void aJournalIsOpenedAgainWithTheCapacityItWasMadeWithWhateverNewOnesGet() throws Exception {
        List<GroupCommitWriter.Journaled> first = Journals.open(db, dir, true, SMALL);
        assertThat(first).hasSize(1);
        AuditJournal journal = first.getFirst().journal();
        journal.readFrom(0);
        for (int i = 0; i < 3; i++)
            assertThat(journal.append(("record " + i).getBytes(StandardCharsets.UTF_8), e -> {}))
                    .isTrue();
        closeAll(first);

        // a later release makes its journals four times larger: this one is still read as it was written
        List<GroupCommitWriter.Journaled> again = Journals.open(db, dir, true, 4 * SMALL);
        try {
            assertThat(again).hasSize(1);
            assertThat(again.getFirst().forReads()).isTrue();
            assertThat(again.getFirst().journal().id()).isEqualTo(journal.id());
            assertThat(again.getFirst().journal().readFrom(again.getFirst().from()))
                    .hasSize(3);
        } finally {
            closeAll(again);
        }
    }

    @Test
    void aJournalAnotherServerOfThisProcessHoldsIsLeftToItAndANewOneIsMade() throws Exception {
        List<GroupCommitWriter.Journaled> one = Journals.open(db, dir, true, SMALL);
        try {
            List<GroupCommitWriter.Journaled> two = Journals.open(db, dir, true, SMALL);
            try {
                assertThat(two).hasSize(1);
                assertThat(two.getFirst().journal().id())
                        .isNotEqualTo(one.getFirst().journal().id());
                assertThat(AuditJournal.idsIn(dir)).hasSize(2);
            } finally {
                closeAll(two);
            }
        } finally {
            closeAll(one);
        }
    }

    @Test
    void aJournalOfAnotherDatabaseIsLeftAloneAndNeverRead() throws Exception {
        try (AuditJournal foreign = AuditJournal.open(dir, SMALL, "00000000-0000-0000-0000-000000000000")) {
            foreign.readFrom(0);
            assertThat(foreign.append("another database's".getBytes(StandardCharsets.UTF_8), e -> {}))
                    .isTrue();
        }
        List<GroupCommitWriter.Journaled> opened = Journals.open(db, dir, true, SMALL);
        try {
            assertThat(opened).hasSize(1);
            assertThat(opened.getFirst().journal().id()).isNotEqualTo("00000000-0000-0000-0000-000000000000");
            assertThat(AuditJournal.idsIn(dir)).contains("00000000-0000-0000-0000-000000000000");
        } finally {
            closeAll(opened);
        }
    }
}
