package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an event's metadata is stored with its long list of names set apart, and put back. */
class NameSetsTest {

    private static String metadata(List<String> names, String path) {
        return StoredEvent.metadataOf(
                TestEvents.event("req-1", "i", "ci", "get-secrets", "GET /api/v3/secrets/raw", "dev", path, names));
    }

    private static List<String> many(String prefix) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) names.add(prefix + i);
        return names;
    }

    @Test
    void longNamesAreSetApartAndPutBackToTheSameText() {
        String full = metadata(many("DATABASE_URL_"), "/");
        NameSets.Compact c = NameSets.compact(full);
        assertThat(c.namesId()).hasSize(22);
        assertThat(c.stored()).contains("\"secretKeys\":\"@\"").doesNotContain("DATABASE_URL_");
        assertThat(c.names()).startsWith("[\"DATABASE_URL_0\"").endsWith("\"DATABASE_URL_11\"]");
        assertThat(NameSets.expand(c.stored(), c.names())).isEqualTo(full);
    }

    @Test
    void namesWithBracketsQuotesAndBackslashesEndWhereTheArrayEnds() {
        List<String> odd = many("A]\"\\[b");
        String full = metadata(odd, "/x]\"y");
        NameSets.Compact c = NameSets.compact(full);
        assertThat(c.namesId()).isNotNull();
        assertThat(NameSets.expand(c.stored(), c.names())).isEqualTo(full);
        assertThat(StoredEvent.jsonString("A]\"\\[b0")).isSubstringOf(c.names());
    }

    @Test
    void shortNamesStayInTheEventsOwnMetadata() {
        String full = metadata(List.of("A", "B"), "/");
        NameSets.Compact c = NameSets.compact(full);
        assertThat(c.namesId()).isNull();
        assertThat(c.stored()).isEqualTo(full);
    }

    @Test
    void theSameNamesHaveTheSameIdAndOtherNamesAnother() {
        String id = NameSets.compact(metadata(many("X_"), "/")).namesId();
        assertThat(NameSets.compact(metadata(many("X_"), "/other")).namesId()).isEqualTo(id);
        assertThat(NameSets.compact(metadata(many("Y_"), "/")).namesId()).isNotEqualTo(id);
    }

    @Test
    void aReferenceWhoseNamesAreMissingIsLeftAsItIs() {
        NameSets.Compact c = NameSets.compact(metadata(many("Z_"), "/"));
        assertThat(NameSets.expand(c.stored(), null)).isEqualTo(c.stored());
    }

    @Test
    void anEventsRememberedNamesAreStoredExactlyAsTheMetadataWrittenAndScannedWouldBe() {
        for (List<String> names : List.of(
                many("DATABASE_URL_"),
                many("A]\"\\[b"),
                many("\u00e9\u0000\ud83d\ude00"),
                List.of("A", "B"),
                List.<String>of())) {
            for (String requestId : Arrays.asList("req-1", "req-2", "r\"q\\\u00e9\u0001@", "@", null)) {
                for (String[] place : new String[][] {{"dev", "/p\"]"}, {null, null}, {"prod", "/@"}}) {
                    for (int leftOff : new int[] {0, 3}) {
                        AuditEvent e = new AuditEvent(
                                1L,
                                requestId,
                                "get-secrets",
                                "identity",
                                "i",
                                "ci",
                                "org",
                                "127.0.0.1",
                                "ua",
                                "GET /api/v3/secrets/raw",
                                200,
                                "p",
                                place[0],
                                place[1],
                                names,
                                leftOff);
                        for (int twice = 0; twice < 2; twice++) { // encoded, then from its template
                            NameSets.Compact fast = StoredEvent.compactMetadataOf(e);
                            NameSets.Compact scanned = NameSets.compact(StoredEvent.metadataOf(e));
                            assertThat(fast)
                                    .as("%s %s %s", names, requestId, leftOff)
                                    .isEqualTo(scanned);
                            assertThat(fast.full()).isEqualTo(StoredEvent.metadataOf(e));
                        }
                    }
                }
            }
        }
    }
}
