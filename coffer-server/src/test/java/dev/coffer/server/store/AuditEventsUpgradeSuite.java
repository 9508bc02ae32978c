package dev.coffer.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.audit.SecretReaderStore;
import dev.coffer.server.audit.StoredBlocks;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Postgres;
import dev.coffer.server.testing.TempDirs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V16 builds the audit trail's table again (seq the row's key, id without a unique index, the
 * organization's index by seq), and V17 stores its events as blocks ({@code audit_blocks}, each
 * event so far a block of its own): every event of a database at V15 is still there, field for field
 * (its id, text with quotes, backslashes, a line break and an emoji, and nulls included), with the
 * hashes its chain verifies by, and the old table is gone. V21 keeps "who reads" per folder.
 */
abstract class AuditEventsUpgradeSuite {

    abstract Backend backend();

    private Dialect dialect() {
        return backend() == Backend.POSTGRES ? Dialect.POSTGRESQL : Dialect.SQLITE;
    }

    private static final String COLUMNS = "seq, id, created_at, event_type, actor_type, actor_id, actor_name, org_id,"
            + " project_id, environment, secret_path, ip, user_agent, status, metadata, prev_hash, hash";

    @Test
    void upgradingKeepsEveryAuditEventAsItWas() throws Exception {
        Path dir = TempDirs.make("coffer-v15-");
        String url = backend() == Backend.POSTGRES ? Postgres.newDatabase() : "jdbc:sqlite:" + dir.resolve("coffer.db");
        migrate(url, "15");
        List<List<String>> before;
        try (Connection c = connect(url)) {
            for (long seq = 1; seq <= 3; seq++) {
                insert(c, seq, seq == 2 ? null : "org-" + seq); // a login failure of no organization among them
            }
            before = rows(c);
        }
        migrate(url, null);
        try (Connection c = connect(url)) {
            assertThat(StoredBlocks.events(c)).isEqualTo(before);
            assertThat(indexes(c, "audit_blocks")).contains("audit_blocks_org_seq");
            assertThat(indexes(c, "audit_events")).isEmpty();
        }
    }

    /**
     * V21 keeps "who reads" as a row per folder, reader and day: every secret's reads and last read time
     * of a database at V20 (names with quotes, a backslash and an emoji among them, two days, two
     * readers, two folders) answer the same after the upgrade.
     */
    @Test
    void upgradingKeepsWhoReadsEachSecret() throws Exception {
        Path dir = TempDirs.make("coffer-v20-");
        String url = backend() == Backend.POSTGRES ? Postgres.newDatabase() : "jdbc:sqlite:" + dir.resolve("coffer.db");
        migrate(url, "20");
        long day = 20_000;
        long at = day * 86_400_000L;
        String odd = "KEY_\"quoted\"_\\_🔑";
        try (Connection c = connect(url)) {
            reader(c, "/", "A", "ci", day, 3, at + 10);
            reader(c, "/", "A", "ci", day + 1, 2, at + 86_400_000L + 5);
            reader(c, "/", odd, "ci", day, 1, at + 7);
            reader(c, "/", "A", "deploy", day, 4, at + 20);
            reader(c, "/other", "A", "ci", day, 9, at + 30);
        }
        migrate(url, null);
        try (Database db = backend() == Backend.POSTGRES
                ? Database.postgres(PostgresUrl.parse(url, null, null), new Invalidator())
                : Database.sqlite(dir.resolve("coffer.db"), new Invalidator())) {
            assertThat(readers(db, "/", "A", 0))
                    .containsExactly(
                            new SecretReaderStore.Reader("identity", "ci", "ci-name", at + 86_400_000L + 5, 5),
                            new SecretReaderStore.Reader("identity", "deploy", "deploy-name", at + 20, 4));
            assertThat(readers(db, "/", odd, 0))
                    .containsExactly(new SecretReaderStore.Reader("identity", "ci", "ci-name", at + 7, 1));
            assertThat(readers(db, "/other", "A", 0))
                    .extracting(SecretReaderStore.Reader::reads)
                    .containsExactly(9L);
            assertThat(readers(db, "/", "A", at + 86_400_000L))
                    .as("since the second day: that day's reads only")
                    .containsExactly(
                            new SecretReaderStore.Reader("identity", "ci", "ci-name", at + 86_400_000L + 5, 2));
        }
    }

    private static List<SecretReaderStore.Reader> readers(Database db, String path, String key, long since) {
        return db.read(tx -> SecretReaderStore.readers(tx, "org", "p", "dev", path, key, since));
    }

    private static void reader(Connection c, String path, String key, String actor, long day, long reads, long last)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_secret_readers (project_id, environment,"
                + " secret_path, secret_key, actor_type, actor_id, day, org_id, actor_name, last_read_at, reads)"
                + " VALUES ('p', 'dev', ?, ?, 'identity', ?, ?, 'org', ?, ?, ?)")) {
            Object[] values = {path, key, actor, day, actor + "-name", last, reads};
            for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
            ps.executeUpdate();
        }
    }

    private void migrate(String url, String target) {
        var config = Flyway.configure()
                .dataSource(url, backend() == Backend.POSTGRES ? "postgres" : "", null)
                .locations("classpath:" + Migrations.LOCATION)
                .placeholders(dialect().migrationPlaceholders());
        if (target != null) config.target(target);
        config.load().migrate();
    }

    private Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        if (backend() == Backend.POSTGRES) p.setProperty("user", "postgres");
        return DriverManager.getConnection(url, p);
    }

    private static void insert(Connection c, long seq, String orgId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Object[] values = {
                seq,
                "id-" + seq,
                1_700_000_000_000L + seq,
                "get-secrets",
                "identity",
                "actor-" + seq,
                seq == 3 ? "ci \"quoted\" \\ back\nslash 🔑" : "ci",
                orgId,
                "project",
                "dev",
                "/",
                "127.0.0.1",
                seq == 1 ? null : "curl/8",
                200,
                "{\"secretKeys\":[\"A\"]}",
                "prev-" + seq,
                "hash-" + seq
            };
            for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
            ps.executeUpdate();
        }
    }

    private static List<List<String>> rows(Connection c) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM audit_events ORDER BY seq")) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 17; i++) row.add(rs.getString(i));
                out.add(row);
            }
        }
        return out;
    }

    private List<String> indexes(Connection c, String table) throws SQLException {
        String sql = backend() == Backend.POSTGRES
                ? "SELECT indexname FROM pg_indexes WHERE tablename = '" + table + "'"
                : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '" + table + "'";
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
