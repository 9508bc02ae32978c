package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.testing.TempDirs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A page of the audit trail is read from the organization's index in the order it is answered in
 * (newest first), with any filter: it reads its own blocks of events, not every event of the
 * organization sorted (a page of 50 took 1.9 s at 2.8 million events when the index was by time).
 */
class AuditPagingTest {

    private static AuditQuery query(String projectId, String eventType, Long start, Long end, int offset) {
        return new AuditQuery("org", projectId, null, null, null, null, null, eventType, start, end, offset, 50);
    }

    @Test
    void aPageIsReadInOrderFromTheOrganizationsIndexWithoutSortingItsEvents() throws Exception {
        try (Database db = Database.sqlite(TempDirs.make("coffer-paging-").resolve("coffer.db"), new Invalidator())) {
            for (AuditQuery q : List.of(
                    query(null, null, null, null, 0),
                    query("p", "get-secrets", null, null, 100),
                    query(null, null, 1_700_000_000_000L, 1_800_000_000_000L, 0))) {
                List<String> plan = db.read(tx -> {
                    List<Object> args = new ArrayList<>();
                    String sql = EventBlockStore.searchSql(tx, q, args);
                    args.add(Long.MAX_VALUE);
                    return Jdbc.list(tx, "EXPLAIN QUERY PLAN " + sql, rs -> rs.getString("detail"), args.toArray());
                });
                assertThat(plan)
                        .as("the plan of %s", q)
                        .anyMatch(step -> step.contains("audit_blocks_org_seq"))
                        .noneMatch(step -> step.contains("TEMP B-TREE"));
            }
        }
    }
}
