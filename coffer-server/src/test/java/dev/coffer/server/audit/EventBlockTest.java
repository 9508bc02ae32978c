package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.testing.TempDirs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit trail stores the events an audit commit appends for one organization as one block: read
 * back, every event is as it was linked, hash included; a search, verification and retention see
 * events, not blocks, and verification finds an edit anywhere in a block.
 */
class EventBlockTest {

    private Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.sqlite(TempDirs.make("coffer-blocks-").resolve("coffer.db"), new Invalidator());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static AuditEvent event(long time, String org, String actorName, String userAgent, List<String> names) {
        return new AuditEvent(
                time,
                UUID.randomUUID().toString(),
                "get-secrets",
                "identity",
                "actor-" + actorName.length(),
                actorName,
                org,
                "127.0.0.1",
                userAgent,
                "GET /api/v3/secrets/raw",
                200,
                org == null ? null : "project",
                "dev",
                "/",
                names,
                0);
    }

    /** Events of two organizations and none, odd text among their fields, a long list of names stored once. */
    private static List<AuditEvent> mixed() {
        List<String> longList =
                IntStream.range(0, 40).mapToObj(i -> "LISTED_" + i).toList();
        return List.of(
                event(1_000, "org-a", "ci", "curl/8", List.of("A")),
                event(1_002, "org-a", "ci \"quoted\" \\ back\nslash 🔑 \u0000", null, longList),
                event(1_001, "org-a", "ci", "curl/8", List.of("A")),
                event(1_003, "org-b", "other", "ua", List.of()),
                event(1_004, null, "nobody", "ua", List.of()),
                event(1_005, "org-a", "ci", "curl/8", longList));
    }

    private List<StoredEvent> append(List<AuditEvent> events) {
        return db.write(tx -> AuditStore.append(
                tx, events, events.stream().map(StoredEvent::metadataOf).toList()));
    }

    private List<StoredEvent> all() {
        return db.read(StoredBlocks::all);
    }

    @Test
    void eachRunOfOneOrganizationsEventsIsOneBlockAndReadsBackAsLinked() {
        List<StoredEvent> linked = append(mixed());

        assertThat(all()).isEqualTo(linked);
        List<long[]> blocks =
                db.read(tx -> Jdbc.list(tx, "SELECT first_seq, last_seq FROM audit_blocks ORDER BY last_seq", rs ->
                        new long[] {rs.getLong(1), rs.getLong(2)}));
        assertThat(blocks).containsExactly(new long[] {1, 3}, new long[] {4, 4}, new long[] {5, 5}, new long[] {6, 6});
        assertThat(linked).extracting(StoredEvent::id).doesNotHaveDuplicates();
        assertThat(linked.get(1).id()).isEqualTo(EventBlock.idOf(2, 1_002));
        assertThat(ChainVerifier.verify(db).ok()).isTrue();
    }

    @Test
    void aSearchFiltersEventsInsideBlocksNewestFirstWithTheirHashes() {
        List<StoredEvent> linked = append(mixed());
        append(mixed());

        List<StoredEvent> byName = db.read(tx -> AuditStore.search(
                tx, new AuditQuery("org-a", null, null, null, null, null, "LISTED_7", null, null, null, 0, 10)));
        assertThat(byName).extracting(StoredEvent::seq).containsExactly(12L, 8L, 6L, 2L);
        assertThat(byName.getLast()).isEqualTo(linked.get(1));

        List<StoredEvent> page = db.read(tx -> AuditStore.search(
                tx,
                new AuditQuery("org-a", "project", "dev", null, null, "/", null, "get-secrets", 1_001L, 1_003L, 1, 2)));
        assertThat(page).extracting(StoredEvent::seq).containsExactly(8L, 3L);

        List<StoredEvent> other = db.read(tx -> AuditStore.search(
                tx, new AuditQuery("org-b", null, null, null, null, null, null, null, null, null, 0, 10)));
        assertThat(other).extracting(StoredEvent::seq).containsExactly(10L, 4L);
        assertThat(other.getLast()).isEqualTo(linked.get(3));
    }

    @Test
    void aNameHeldByMoreSetsOfNamesThanTheSearchNarrowsByIsStillFoundInEveryEvent() {
        int lists = EventBlockStore.MAX_SETS_NARROWING + 3;
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < lists; i++) {
            List<String> names = new ArrayList<>(List.of("COMMON_NAME"));
            for (int j = 0; j < 10; j++) names.add("LIST_" + i + "_NAME_" + j);
            events.add(event(1_000 + i, "org-a", "ci", "curl/8", names));
        }
        for (AuditEvent e : events) append(List.of(e)); // a block each: narrowing by some sets would miss some
        assertThat(db.read(tx -> Jdbc.one(tx, "SELECT COUNT(*) FROM audit_name_sets", rs -> rs.getInt(1)))
                        .orElseThrow())
                .isEqualTo(lists);

        List<StoredEvent> found = db.read(tx -> AuditStore.search(
                tx, new AuditQuery("org-a", null, null, null, null, null, "COMMON_NAME", null, null, null, 0, 100)));
        assertThat(found).hasSize(lists);
        List<StoredEvent> one = db.read(tx -> AuditStore.search(
                tx, new AuditQuery("org-a", null, null, null, null, null, "LIST_7_NAME_3", null, null, null, 0, 100)));
        assertThat(one).extracting(StoredEvent::seq).containsExactly(8L);
    }

    @Test
    void verificationFindsAnEditOfAnEventInsideABlockAtTheBlocksFirstEvent() {
        append(mixed());
        String events =
                db.read(tx -> Jdbc.one(tx, "SELECT events FROM audit_blocks WHERE last_seq = 3", rs -> rs.getString(1))
                        .orElseThrow());
        String edited = events.replace("\"curl/8\"", "\"curl/9\"");
        assertThat(edited).isNotEqualTo(events);
        db.write(tx -> Jdbc.update(tx, "UPDATE audit_blocks SET events = ? WHERE last_seq = 3", edited));

        ChainVerifier.Result v = ChainVerifier.verify(db);
        assertThat(v.ok()).isFalse();
        assertThat(v.brokenSeq()).isEqualTo(1);
        assertThat(v.problem()).contains("1 to 3").contains("changed");
    }

    @Test
    void verificationFindsABlockMovedToAnotherOrganizationOrMadeUnreadable() {
        append(mixed());
        db.write(tx -> Jdbc.update(tx, "UPDATE audit_blocks SET org_id = 'org-b' WHERE last_seq = 6"));
        ChainVerifier.Result moved = ChainVerifier.verify(db);
        assertThat(moved.brokenSeq()).isEqualTo(6);
        assertThat(moved.problem()).contains("organization");

        db.write(tx -> Jdbc.update(tx, "UPDATE audit_blocks SET org_id = 'org-a', events = '[1' WHERE last_seq = 6"));
        ChainVerifier.Result unreadable = ChainVerifier.verify(db);
        assertThat(unreadable.brokenSeq()).isEqualTo(6);
        assertThat(unreadable.problem()).contains("cannot all be read");
    }

    @Test
    void retentionRemovesWholeBlocksOfOlderEventsOnlyAndTheRestVerifiesFromTheAnchor() {
        append(mixed()); // times 1,000 to 1,005: blocks 1-3 (to 1,002), 4, 5, 6
        List<AuditEvent> later = new ArrayList<>(mixed());
        append(later);

        int removed = db.write(tx -> AuditStore.pruneBefore(tx, 1_003));

        assertThat(removed).isEqualTo(3);
        assertThat(all()).first().extracting(StoredEvent::seq).isEqualTo(4L);
        ChainVerifier.Result v = ChainVerifier.verify(db);
        assertThat(v.ok()).as(v.describe()).isTrue();
        assertThat(v.checked()).isEqualTo(9);
    }

    @Test
    void theRequestsOfABlockShareOneMetadataStringWhateverTheirRequestIds() {
        List<AuditEvent> events = new ArrayList<>();
        for (String requestId : List.of("req-1", "req \"quoted\" \\ id", "@", "req-4")) {
            AuditEvent e = event(1_000, "org-a", "ci", "curl/8", List.of("A"));
            events.add(new AuditEvent(
                    e.time(),
                    requestId,
                    e.eventType(),
                    e.actorKind(),
                    e.actorId(),
                    e.actorName(),
                    e.orgId(),
                    e.ip(),
                    e.userAgent(),
                    e.route(),
                    e.status(),
                    e.projectId(),
                    e.environment(),
                    e.secretPath(),
                    e.secretKeys(),
                    0));
        }
        List<StoredEvent> linked = append(events);

        assertThat(all()).isEqualTo(linked);
        assertThat(linked.get(1).metadata()).contains("\"requestId\":\"req \\\"quoted\\\" \\\\ id\"");
        String stored = db.read(tx -> Jdbc.one(tx, "SELECT events FROM audit_blocks", rs -> rs.getString(1))
                .orElseThrow());
        assertThat(stored.split("secretKeys", -1)).hasSize(2);
        assertThat(ChainVerifier.verify(db).ok()).isTrue();
    }

    /** Writes events as one block of the first format, as versions before the second did, after the head. */
    private List<StoredEvent> appendInTheFirstFormat(List<AuditEvent> events) {
        return db.write(tx -> {
            AuditStore.Chain chain = AuditStore.chain(tx, true);
            List<StoredEvent> links = new ArrayList<>();
            List<NameSets.Compact> stored = new ArrayList<>();
            String prev = chain.headHash();
            long seq = chain.headSeq();
            for (AuditEvent e : events) {
                StoredEvent link = StoredEvent.link(e, ++seq, EventBlock.idOf(seq, e.time()), prev);
                links.add(link);
                stored.add(NameSets.compact(link.metadata()));
                prev = link.hash();
            }
            NameSetStore.store(tx, stored, new HashSet<>());
            EventBlock b = EventBlock.of(links, stored);
            EventBlock first = new EventBlock(
                    b.firstSeq(),
                    b.lastSeq(),
                    b.orgId(),
                    b.firstAt(),
                    b.lastAt(),
                    b.prevHash(),
                    b.hash(),
                    b.events(),
                    ChainHash.WHOLE);
            EventBlockStore.insert(tx, List.of(first), null);
            Jdbc.update(tx, "UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1", seq, prev);
            return links;
        });
    }

    @Test
    void blocksOfTheFirstFormatStillVerifyBesideNewOnesAndABlockWhoseFormatIsChangedBreaksTheChain() {
        List<StoredEvent> old = appendInTheFirstFormat(mixed().subList(0, 3)); // org-a's, its long list of names too
        List<StoredEvent> linked = append(mixed());

        List<StoredEvent> expected = new ArrayList<>(old);
        expected.addAll(linked);
        assertThat(all()).isEqualTo(expected);
        assertThat(ChainHash.ofStored(linked.get(1), "x", null))
                .as("the formats hash the same event differently")
                .isNotEqualTo(ChainHash.of(linked.get(1)));
        assertThat(ChainVerifier.verify(db).ok()).isTrue();

        String format = "UPDATE audit_blocks SET hash_format = ? WHERE first_seq = ?";
        db.write(tx -> Jdbc.update(tx, format, ChainHash.STORED, 1));
        assertThat(ChainVerifier.verify(db))
                .extracting(ChainVerifier.Result::ok, ChainVerifier.Result::brokenSeq)
                .containsExactly(false, 1L);
        db.write(tx -> Jdbc.update(tx, format, ChainHash.WHOLE, 1));
        assertThat(ChainVerifier.verify(db).ok()).isTrue();

        db.write(tx -> Jdbc.update(tx, format, ChainHash.WHOLE, 4));
        assertThat(ChainVerifier.verify(db))
                .extracting(ChainVerifier.Result::ok, ChainVerifier.Result::brokenSeq)
                .containsExactly(false, 4L);
    }

    @Test
    void aBlockThatCannotBeReadHoldsNoEvents() {
        EventBlock garbage = new EventBlock(
                1, 2, "org", 0, 0, ChainHash.GENESIS, ChainHash.GENESIS, "[0,[\"a\"],[0,7", ChainHash.STORED);
        assertThat(garbage.stored()).isEmpty();
        EventBlock outOfRange = new EventBlock(
                1,
                1,
                "org",
                0,
                0,
                ChainHash.GENESIS,
                ChainHash.GENESIS,
                "[0,[\"a\"],[0,-1,5,0,0,0,0,0,0,0,0,0,200,0,-1]]",
                ChainHash.STORED);
        assertThat(outOfRange.stored()).isEmpty();
    }
}
