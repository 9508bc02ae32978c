package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's file: records read back whole and in order from the database's mark, around the ring
 * and across reopenings; nothing read that is torn, from an earlier turn of the ring or of another
 * journal; no record written over one the database does not hold yet.
 */
class AuditJournalTest {

    static final int SMALL = 4096;

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(List<AuditJournal.Entry> entries) {
        return entries.stream()
                .map(e -> new String(e.payload(), StandardCharsets.UTF_8))
                .toList();
    }

    /** Appends and returns the position just past the record. */
    private static long append(AuditJournal j, String text) {
        long[] end = new long[1];
        assertThat(j.append(bytes(text), e -> end[0] = e))
                .as("room for %s", text)
                .isTrue();
        return end[0];
    }

    @Test
    void recordsAreReadBackInOrderFromAMarkAfterTheFileIsOpenedAgain() throws Exception {
        long second;
        try (AuditJournal j = AuditJournal.open(dir, SMALL, "journal-1")) {
            j.readFrom(0);
            append(j, "first");
            second = append(j, "second");
            append(j, "third");
        }
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(dir.resolve(AuditJournal.fileName("journal-1")))))
                .isEqualTo("rw-------");
        assertThat(Files.size(dir.resolve(AuditJournal.fileName("journal-1")))).isEqualTo(SMALL);
        try (AuditJournal j = AuditJournal.open(dir, SMALL, "journal-1")) {
            assertThat(texts(j.readFrom(0))).containsExactly("first", "second", "third");
            assertThat(texts(j.readFrom(second))).containsExactly("third");
        }
    }

    @Test
    void anotherJournalsRecordsAreNotReadEvenUnderThisOnesName() throws Exception {
        try (AuditJournal j = AuditJournal.open(dir, SMALL, "journal-1")) {
            j.readFrom(0);
            append(j, "of the first database");
        }
        Files.copy(dir.resolve(AuditJournal.fileName("journal-1")), dir.resolve(AuditJournal.fileName("journal-2")));
        try (AuditJournal j = AuditJournal.open(dir, SMALL, "journal-2")) {
            assertThat(j.readFrom(0)).isEmpty();
        }
    }

    @Test
    void aJournalIsHeldByOneServerAtATime() throws Exception {
        try (AuditJournal j = AuditJournal.open(dir, SMALL, "journal-1")) {
            assertThat(j.id()).isEqualTo("journal-1");
            assertThatThrownBy(() -> AuditJournal.open(dir, SMALL, "journal-1")).isInstanceOf(AuditJournal.InUse.class);
            try (AuditJournal other = AuditJournal.open(dir, SMALL, "journal-2")) {
                assertThat(other.id()).isEqualTo("journal-2");
            }
        }
        try (AuditJournal again = AuditJournal.open(dir, SMALL, "journal-1")) {
            assertThat(again.readFrom(0)).isEmpty();
        }
    }

    @Test
    void theJournalsOfADirectoryAreFoundByTheirIds() throws Exception {
        String id = java.util.UUID.randomUUID().toString();
        AuditJournal.open(dir, SMALL, id).close();
        Files.writeString(dir.resolve("audit-not-an-id.journal"), "");
        Files.writeString(dir.resolve("coffer.db"), "");
        assertThat(AuditJournal.idsIn(dir)).containsExactly(id);
    }

    @Test
    void aRecordTornByAKillEndsWhatIsReadBack() throws Exception {
        long torn;
        try (AuditJournal j = AuditJournal.open(dir, SMALL, "journal-1")) {
            j.readFrom(0);
            torn = append(j, "whole");
            append(j, "torn in the middle");
        }
        try (RandomAccessFile f = new RandomAccessFile(
                dir.resolve(AuditJournal.fileName("journal-1")).toFile(), "rw")) {
            f.seek(torn + 16 + 5); // inside the second record's payload
            f.write('#');
        }
        try (AuditJournal j = AuditJournal.open(dir, SMALL, "journal-1")) {
            assertThat(texts(j.readFrom(0))).containsExactly("whole");
            // the next record is written where the torn one was
            long end = append(j, "after");
            assertThat(end).isEqualTo(torn + 16 + "after".length());
            assertThat(texts(j.readFrom(0))).containsExactly("whole", "after");
        }
    }

    @Test
    void theRingWrapsWithoutSplittingARecordAndNeverOverwritesWhatIsNotIngested() throws Exception {
        try (AuditJournal j = AuditJournal.open(dir, SMALL, "journal-1")) {
            j.readFrom(0);
            String record = "x".repeat(1000);
            long end = 0;
            for (int i = 0; i < 4; i++) end = append(j, record + i);
            assertThat(end).isEqualTo(4 * (16 + 1001));
            assertThat(j.append(bytes(record + 4), e -> {}))
                    .as("full: nothing ingested yet")
                    .isFalse();

            j.ingested(2 * (16 + 1001)); // the database holds the first two
            end = append(j, record + 4); // too long for the ring's tail: starts the next turn
            assertThat(end).isEqualTo(SMALL + 16 + 1001);
            end = append(j, record + 5); // over the second, which the database holds
            assertThat(end).isEqualTo(SMALL + 2 * (16 + 1001));
            assertThat(j.append(bytes(record + 6), e -> {}))
                    .as("the third is not ingested")
                    .isFalse();

            List<String> tails = new ArrayList<>();
            for (String t : texts(j.readFrom(2 * (16 + 1001)))) tails.add(t.substring(1000));
            assertThat(tails).containsExactly("2", "3", "4", "5");
        }
    }

    @Test
    void aRecordFromAnEarlierTurnOfTheRingIsNotReadAsANewOne() throws Exception {
        try (AuditJournal j = AuditJournal.open(dir, 2 * SMALL, "journal-1")) {
            j.readFrom(0);
            long end = 0;
            for (int i = 0; i < 5; i++) {
                end = append(j, "r" + "y".repeat(1998) + i);
                j.ingested(end);
            }
            // the fifth record starts the second turn at 0; after it lies the first turn's second
            assertThat(end).isEqualTo(2 * SMALL + 2016);
            assertThat(texts(j.readFrom(end))).isEmpty();
        }
    }

    @Test
    void anEventTooLargeForTheJournalIsRefusedWhole() throws Exception {
        try (AuditJournal j = AuditJournal.open(dir, SMALL, "journal-1")) {
            j.readFrom(0);
            assertThatThrownBy(() -> j.append(new byte[SMALL], e -> {})).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
