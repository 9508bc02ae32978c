package dev.coffer.server.secrets;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A secret's history outlives the secret: deleting it, its folder or its environment keeps every
 * version row and ends the history with a tombstone (deleted, no value, no comment); only deleting the
 * project removes the history, with the data key that alone could read it. Checked in the
 * secret_versions table itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HistorySuite {

    abstract Backend backend();

    /** One row of secret_versions. */
    record Version(
            long version,
            boolean deleted,
            String key,
            String projectId,
            String folderId,
            int valueBytes,
            int commentBytes) {}

    private TestServer server;
    private Fixtures f;
    private Api api;
    private String admin;

    @BeforeAll
    void start() {
        server = TestServer.start(backend());
        api = server.api();
        f = new Fixtures(api);
        admin = f.admin().token();
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void deletingASecretKeepsEveryVersionAndAddsATombstone() throws Exception {
        String p = f.project("History of one secret");
        String id = f.secret(p, "dev", "/", "API_KEY", "one").get("id").asText();
        update(p, "dev", "/", "API_KEY", "two");
        String folderId = folderOf(id);

        Api.Response deleted = api.delete(
                "/api/v3/secrets/raw/API_KEY", admin, body("workspaceId", p, "environment", "dev", "secretPath", "/"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

        List<Version> history = versions(id);
        assertThat(history).extracting(Version::version).containsExactly(1L, 2L, 3L);
        assertThat(history.subList(0, 2)).allSatisfy(v -> {
            assertThat(v.deleted()).isFalse();
            assertThat(v.valueBytes())
                    .as("the old versions keep their ciphertexts")
                    .isPositive();
            assertThat(v.commentBytes()).isPositive();
        });
        assertTombstone(history.get(2), "API_KEY", p, folderId);
        assertThat(secretRowExists(id)).isFalse();
        assertThat(api.get(url(p, "dev", "/", "API_KEY"), admin).status()).isEqualTo(404);
    }

    @Test
    void aSecretCreatedAgainUnderTheSameNameStartsAFreshHistoryAndLeavesTheOldOneAlone() throws Exception {
        String p = f.project("Recreated");
        String first = f.secret(p, "dev", "/", "TOKEN", "old").get("id").asText();
        api.delete("/api/v3/secrets/raw/TOKEN", admin, body("workspaceId", p, "environment", "dev", "secretPath", "/"));
        String second = f.secret(p, "dev", "/", "TOKEN", "new").get("id").asText();

        assertThat(second).isNotEqualTo(first);
        assertThat(versions(second))
                .extracting(Version::version, Version::deleted)
                .containsExactly(tuple(1L, false));
        assertThat(versions(first))
                .extracting(Version::version, Version::deleted)
                .containsExactly(tuple(1L, false), tuple(2L, true));
        assertThat(api.get(url(p, "dev", "/", "TOKEN"), admin)
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("new");
    }

    @Test
    void deletingAFolderTombstonesEverySecretInItAndBelowItAndNothingElse() throws Exception {
        String p = f.project("Folder history");
        f.folder(p, "dev", "/", "ci");
        f.folder(p, "dev", "/ci", "deep");
        String inFolder = f.secret(p, "dev", "/ci", "CI_TOKEN", "a").get("id").asText();
        update(p, "dev", "/ci", "CI_TOKEN", "a2");
        String below = f.secret(p, "dev", "/ci/deep", "DEEP_KEY", "b").get("id").asText();
        String outside = f.secret(p, "dev", "/", "ROOT_KEY", "c").get("id").asText();
        String inFolderFolder = folderOf(inFolder);
        String belowFolder = folderOf(below);

        Api.Response deleted =
                api.delete("/api/v1/folders/ci", admin, body("workspaceId", p, "environment", "dev", "path", "/"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

        List<Version> a = versions(inFolder);
        assertThat(a).extracting(Version::version).containsExactly(1L, 2L, 3L);
        assertTombstone(a.get(2), "CI_TOKEN", p, inFolderFolder);
        List<Version> b = versions(below);
        assertThat(b).extracting(Version::version).containsExactly(1L, 2L);
        assertTombstone(b.get(1), "DEEP_KEY", p, belowFolder);
        assertThat(secretRowExists(inFolder)).isFalse();
        assertThat(secretRowExists(below)).isFalse();

        assertThat(versions(outside)).extracting(Version::deleted).containsExactly(false);
        assertThat(secretRowExists(outside)).isTrue();
    }

    @Test
    void deletingAnEnvironmentTombstonesEverySecretInItAndNothingInOtherEnvironments() throws Exception {
        String p = f.project("Environment history");
        f.folder(p, "staging", "/", "app");
        String atRoot =
                f.secret(p, "staging", "/", "STAGING_URL", "s").get("id").asText();
        String inFolder =
                f.secret(p, "staging", "/app", "APP_KEY", "k").get("id").asText();
        update(p, "staging", "/app", "APP_KEY", "k2");
        String dev = f.secret(p, "dev", "/", "STAGING_URL", "d").get("id").asText();
        String rootFolder = folderOf(atRoot);
        String appFolder = folderOf(inFolder);

        Api.Response deleted =
                api.delete("/api/v1/workspace/" + p + "/environments/" + environmentId(p, "staging"), admin, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

        List<Version> s = versions(atRoot);
        assertThat(s).extracting(Version::version).containsExactly(1L, 2L);
        assertTombstone(s.get(1), "STAGING_URL", p, rootFolder);
        List<Version> k = versions(inFolder);
        assertThat(k).extracting(Version::version).containsExactly(1L, 2L, 3L);
        assertTombstone(k.get(2), "APP_KEY", p, appFolder);

        assertThat(versions(dev)).extracting(Version::deleted).containsExactly(false);
        assertThat(api.get(url(p, "dev", "/", "STAGING_URL"), admin)
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("d");
    }

    @Test
    void deletingTheProjectRemovesItsWholeHistoryAndNoOtherProjects() throws Exception {
        String p = f.project("Doomed");
        String other = f.project("Survivor");
        String kept = f.secret(p, "dev", "/", "KEPT", "1").get("id").asText();
        update(p, "dev", "/", "KEPT", "2");
        String gone = f.secret(p, "prod", "/", "GONE", "x").get("id").asText();
        api.delete("/api/v3/secrets/raw/GONE", admin, body("workspaceId", p, "environment", "prod", "secretPath", "/"));
        String survivor = f.secret(other, "dev", "/", "KEPT", "3").get("id").asText();
        assertThat(historyRows(p)).isEqualTo(4);

        Api.Response deleted = api.delete("/api/v1/projects/" + p, admin, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

        assertThat(historyRows(p)).isZero();
        assertThat(versions(kept)).isEmpty();
        assertThat(versions(gone))
                .as("a tombstoned history goes with its project too")
                .isEmpty();
        assertThat(versions(survivor)).hasSize(1);
        assertThat(historyRows(other)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    private static void assertTombstone(Version v, String key, String projectId, String folderId) {
        assertThat(v.deleted()).as("tombstone").isTrue();
        assertThat(v.valueBytes()).as("a tombstone holds no value").isZero();
        assertThat(v.commentBytes()).as("a tombstone holds no comment").isZero();
        assertThat(v.key()).isEqualTo(key);
        assertThat(v.projectId()).isEqualTo(projectId);
        assertThat(v.folderId()).isEqualTo(folderId);
    }

    private void update(String p, String env, String path, String key, String value) {
        Api.Response r = api.patch(
                "/api/v3/secrets/raw/" + key,
                admin,
                body("workspaceId", p, "environment", env, "secretPath", path, "secretValue", value));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private String environmentId(String p, String slug) {
        Api.Response r = api.get("/api/v1/workspace/" + p, admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (var e : r.json().at("/workspace/environments")) {
            if (slug.equals(e.path("slug").asText())) return e.path("id").asText();
        }
        throw new AssertionError("no environment " + slug + " in " + r.body());
    }

    private static String url(String p, String env, String path, String key) {
        return "/api/v3/secrets/raw/" + key + "?workspaceId=" + p + "&environment=" + env + "&secretPath="
                + URLEncoder.encode(path, StandardCharsets.UTF_8);
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (backend() == Backend.POSTGRES) props.setProperty("user", "postgres");
        else props.setProperty("busy_timeout", "10000");
        return DriverManager.getConnection(server.directJdbcUrl(), props);
    }

    private List<Version> versions(String secretId) throws SQLException {
        List<Version> out = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT version, deleted, secret_key, "
                                + "project_id, folder_id, value_ct, comment_ct FROM secret_versions WHERE secret_id = ? ORDER BY version")) {
            ps.setString(1, secretId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Version(
                            rs.getLong(1),
                            rs.getBoolean(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getBytes(6).length,
                            rs.getBytes(7).length));
                }
            }
        }
        return out;
    }

    private long historyRows(String projectId) throws SQLException {
        return single("SELECT COUNT(*) FROM secret_versions WHERE project_id = ?", projectId, rs -> rs.getLong(1));
    }

    private String folderOf(String secretId) throws SQLException {
        return single("SELECT folder_id FROM secrets WHERE id = ?", secretId, rs -> rs.getString(1));
    }

    private boolean secretRowExists(String secretId) throws SQLException {
        return single("SELECT COUNT(*) FROM secrets WHERE id = ?", secretId, rs -> rs.getLong(1)) > 0;
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T single(String sql, String arg, Column<T> column) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql + " for " + arg).isTrue();
                return column.read(rs);
            }
        }
    }
}
