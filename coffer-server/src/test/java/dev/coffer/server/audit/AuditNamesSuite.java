package dev.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long lists of secret names in the audit trail are stored once ({@link NameSets}): every list of a
 * folder of twenty secrets refers to one stored set of their names, and is still answered, searched
 * and verified with every name; editing or deleting the stored names breaks the chain at the first
 * event that refers to them.
 */
abstract class AuditNamesSuite extends ApiSuite {

    abstract Backend backend();

    @Override
    protected TestServer newServer() {
        return TestServer.start(backend());
    }

    private String projectId;
    private final List<String> names = new ArrayList<>();

    @BeforeAll
    void aFolderOfTwentySecretsListedThreeTimes() {
        projectId = f.project("Listed");
        for (int i = 0; i < 20; i++) {
            names.add("LISTED_SECRET_" + i);
            f.secret(projectId, "dev", "/", names.getLast(), "v" + i);
        }
        for (int i = 0; i < 3; i++) {
            Api.Response list = get("/api/v3/secrets/raw?workspaceId=" + projectId + "&environment=dev");
            assertThat(list.status()).as(list.body()).isEqualTo(200);
        }
    }

    private Connection direct() throws SQLException {
        return server.backend() == Backend.POSTGRES
                ? DriverManager.getConnection(server.directJdbcUrl(), "postgres", null)
                : DriverManager.getConnection(server.directJdbcUrl());
    }

    /** seq, stored metadata and names_id of the project's list events, in chain order. */
    private List<String[]> listEvents() throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Connection c = direct();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + EventBlockStore.COLUMNS + " FROM audit_blocks ORDER BY last_seq")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    EventBlock block = EventBlockStore.block(rs);
                    for (EventBlock.Stored e : block.stored()) {
                        if (!"get-secrets".equals(e.event().eventType())
                                || !projectId.equals(e.event().projectId())) continue;
                        out.add(new String[] {
                            Long.toString(e.event().seq()), e.event().metadata(), e.namesId()
                        });
                    }
                }
            }
        }
        return out;
    }

    private void update(String sql, String arg) throws SQLException {
        try (Connection c = direct();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }

    private JsonNode verify() {
        Api.Response r = get("/api/v1/admin/audit/verify");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void theListsReferToOneStoredSetAndAreAnsweredWithEveryName() throws Exception {
        List<String[]> stored = listEvents();
        assertThat(stored).hasSize(3);
        assertThat(stored).extracting(r -> r[2]).doesNotContainNull().containsOnly(stored.get(0)[2]);
        assertThat(stored)
                .allSatisfy(
                        r -> assertThat(r[1]).contains("\"secretKeys\":\"@\"").doesNotContain("LISTED_SECRET_"));

        Api.Response r = get("/api/v1/organization/audit-logs?eventType=get-secrets&projectId=" + projectId);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("auditLogs")).hasSize(3).allSatisfy(e -> {
            List<String> answered = new ArrayList<>();
            e.at("/event/metadata/secretKeys").forEach(n -> answered.add(n.asText()));
            assertThat(answered).containsExactlyInAnyOrderElementsOf(names);
        });
    }

    @Test
    void aSearchByANameFindsTheListsThatReferToItsSet() {
        Api.Response r = get("/api/v1/organization/audit-logs?eventType=get-secrets&secretKey=LISTED_SECRET_7");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("auditLogs")).hasSize(3);
        Api.Response none = get("/api/v1/organization/audit-logs?eventType=get-secrets&secretKey=LISTED_SECRET_70");
        assertThat(none.json().get("auditLogs")).isEmpty();
    }

    @Test
    void verifyFindsTheStoredNamesEditedOrDeletedAtTheFirstEventReferringToThem() throws Exception {
        assertThat(verify().get("ok").asBoolean()).as(verify().toString()).isTrue();
        String[] first = listEvents().get(0);
        String id = first[2];
        String original;
        try (Connection c = direct();
                PreparedStatement ps = c.prepareStatement("SELECT names FROM audit_name_sets WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                original = rs.getString(1);
            }
        }

        update("UPDATE audit_name_sets SET names = replace(names, 'LISTED_SECRET_3\"', 'RENAMED\"') WHERE id = ?", id);
        JsonNode edited = verify();
        assertThat(edited.get("ok").asBoolean()).isFalse();
        assertThat(edited.get("brokenSeq").asLong()).isEqualTo(Long.parseLong(first[0]));

        update("DELETE FROM audit_name_sets WHERE id = ?", id);
        JsonNode deleted = verify();
        assertThat(deleted.get("ok").asBoolean()).isFalse();
        assertThat(deleted.get("brokenSeq").asLong()).isEqualTo(Long.parseLong(first[0]));

        try (Connection c = direct();
                PreparedStatement ps = c.prepareStatement("INSERT INTO audit_name_sets (id, names) VALUES (?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, original);
            ps.executeUpdate();
        }
        assertThat(verify().get("ok").asBoolean()).isTrue();
    }

    @Test
    void aBlockWhoseHashFormatIsChangedBreaksTheChainThere() throws Exception {
        assertThat(verify().get("ok").asBoolean()).as(verify().toString()).isTrue();
        long seq = Long.parseLong(listEvents().get(0)[0]);
        String flip = "UPDATE audit_blocks SET hash_format = ? WHERE first_seq <= ? AND last_seq >= ?";
        for (int format : new int[] {ChainHash.WHOLE, ChainHash.STORED}) {
            try (Connection c = direct();
                    PreparedStatement ps = c.prepareStatement(flip)) {
                ps.setInt(1, format);
                ps.setLong(2, seq);
                ps.setLong(3, seq);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            JsonNode result = verify();
            if (format == ChainHash.WHOLE) {
                // blocks are written in the second format: read as the first, their hashes do not match
                assertThat(result.get("ok").asBoolean()).isFalse();
                assertThat(result.get("brokenSeq").asLong()).isLessThanOrEqualTo(seq);
            } else {
                assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
            }
        }
    }
}
