package dev.coffer.server.store;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.Aead;
import dev.coffer.crypto.Hkdf;
import dev.coffer.crypto.Hmac;
import dev.coffer.crypto.KeyWrap;
import dev.coffer.crypto.SecureRandoms;
import dev.coffer.server.access.TrustedIps;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Postgres;
import dev.coffer.server.testing.TempDirs;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/**
 * The schema on each dialect: a new database gets V1 and V2; a database of the previous release (its
 * dialect's own V1, keyring row, wrapped_data_key column, headerless ciphertexts) is upgraded in place
 * and its secrets, history and logins keep working; the previous V1 checksum is adopted exactly, and
 * any other checksum still fails validation.
 */
abstract class MigrationsSuite {

    abstract Backend backend();

    private Dialect dialect() {
        return backend() == Backend.POSTGRES ? Dialect.POSTGRESQL : Dialect.SQLITE;
    }

    // ---------------------------------------------------------------- a new database

    @Test
    void aNewDatabaseGetsVersionsOneAndTwoWithTheMergedChecksum() throws Exception {
        try (TestServer server = TestServer.start(backend());
                Connection c = connect(server.directJdbcUrl())) {
            List<String[]> history = history(c);
            assertThat(history).extracting(h -> h[0]).startsWith("1", "2"); // later migrations follow
            assertThat(history).extracting(h -> h[2]).as("success").containsOnly("true");
            assertThat(history.get(0)[1]).isEqualTo(String.valueOf(Migrations.checksum(Migrations.V1)));
            assertThat(tableExists(c, "root_keys")).isTrue();
            assertThat(tableExists(c, "data_keys")).isTrue();
            assertThat(tableExists(c, "keyring")).isFalse();
        }
    }

    // ---------------------------------------------------------------- a database of the previous release

    /** A database as the previous release left it, and what was written into it. */
    record Legacy(
            Path dataDir,
            String jdbcUrl,
            String kekBase64,
            byte[] wrappedRoot,
            byte[] wrappedDataKey,
            String projectId,
            String folderId,
            String secretId,
            String clientId,
            String clientSecret) {
        String directUrl() {
            return jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + dataDir.resolve("coffer.db");
        }
    }

    static final String V1_VALUE = "postgres://app:first@db/app";
    static final String V1_COMMENT = "the first password";
    static final String V2_VALUE = "postgres://app:second@db/app";
    static final String V2_COMMENT = "rotated";

    @Test
    void theLegacyV1FileIsTheOneWhoseChecksumIsAdopted() throws Exception {
        Legacy legacy = legacyDatabase();
        try (Connection c = connect(legacy.directUrl())) {
            assertThat(history(c)).extracting(h -> h[0]).containsExactly("1");
            assertThat(history(c).get(0)[1]).isEqualTo(String.valueOf(Migrations.LEGACY_V1_CHECKSUMS.get(dialect())));
        }
    }

    @Test
    void aDatabaseOfThePreviousReleaseStartsAndItsSecretsAndHistoryReadBackThroughTheApi() throws Exception {
        Legacy legacy = legacyDatabase();
        try (TestServer server =
                TestServer.startOn(backend(), legacy.dataDir(), legacy.jdbcUrl(), legacy.kekBase64())) {
            Api api = server.api();
            // the client secret's HMAC key is derived from the root key: it survived the move to root_keys
            Api.Response login = api.post(
                    "/api/v1/auth/universal-auth/login",
                    null,
                    body("clientId", legacy.clientId(), "clientSecret", legacy.clientSecret()));
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            String token = login.json().get("accessToken").asText();

            Api.Response current = api.get(secretUrl(legacy, null), token);
            assertThat(current.status()).as(current.body()).isEqualTo(200);
            assertThat(current.json().at("/secret/secretValue").asText()).isEqualTo(V2_VALUE);
            assertThat(current.json().at("/secret/secretComment").asText()).isEqualTo(V2_COMMENT);
            assertThat(current.json().at("/secret/version").asLong()).isEqualTo(2);
            Api.Response first = api.get(secretUrl(legacy, 1), token);
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(first.json().at("/secret/secretValue").asText()).isEqualTo(V1_VALUE);
            assertThat(first.json().at("/secret/secretComment").asText()).isEqualTo(V1_COMMENT);

            // a new version is written with the header, and the old ones still read
            Api.Response updated = api.patch(
                    "/api/v3/secrets/raw/DATABASE_URL",
                    token,
                    body(
                            "workspaceId",
                            legacy.projectId(),
                            "environment",
                            "dev",
                            "secretPath",
                            "/",
                            "secretValue",
                            "third"));
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(api.get(secretUrl(legacy, null), token)
                            .json()
                            .at("/secret/secretValue")
                            .asText())
                    .isEqualTo("third");
            assertThat(api.get(secretUrl(legacy, 2), token)
                            .json()
                            .at("/secret/secretValue")
                            .asText())
                    .isEqualTo(V2_VALUE);
            try (Connection c = connect(legacy.directUrl())) {
                byte[] v3 = bytes(c, "SELECT value_ct FROM secrets WHERE id = ?", legacy.secretId());
                assertThat(v3[0]).isEqualTo((byte) 0xC0);
                assertThat(v3[1]).isEqualTo((byte) 0x02);
            }
        }
    }

    @Test
    void upgradingRecordsTheMergedChecksumForV1AndAppliesV2() throws Exception {
        Legacy legacy = legacyDatabase();
        TestServer.startOn(backend(), legacy.dataDir(), legacy.jdbcUrl(), legacy.kekBase64())
                .close();
        try (Connection c = connect(legacy.directUrl())) {
            List<String[]> history = history(c);
            assertThat(history).extracting(h -> h[0]).startsWith("1", "2"); // later migrations follow
            assertThat(history).extracting(h -> h[2]).as("success").containsOnly("true");
            assertThat(history.get(0)[1])
                    .as("V1's checksum, re-recorded as the merged file's")
                    .isEqualTo(String.valueOf(Migrations.checksum(Migrations.V1)));
        }
        // and the next start validates cleanly
        TestServer.startOn(backend(), legacy.dataDir(), legacy.jdbcUrl(), legacy.kekBase64())
                .close();
    }

    @Test
    void upgradingMovesTheKeyringToRootKeysAndEachProjectsKeyToDataKeys() throws Exception {
        Legacy legacy = legacyDatabase();
        TestServer.startOn(backend(), legacy.dataDir(), legacy.jdbcUrl(), legacy.kekBase64())
                .close();
        try (Connection c = connect(legacy.directUrl())) {
            assertThat(tableExists(c, "keyring")).isFalse();
            assertThat(count(c, "SELECT COUNT(*) FROM root_keys")).isEqualTo(1);
            assertThat(count(c, "SELECT COUNT(*) FROM root_keys WHERE generation = 1"))
                    .isEqualTo(1);
            assertThat(bytes(c, "SELECT wrapped_root FROM root_keys WHERE generation = ?", 1))
                    .isEqualTo(legacy.wrappedRoot());

            assertThat(count(c, "SELECT COUNT(*) FROM data_keys")).isEqualTo(1);
            assertThat(count(
                            c,
                            "SELECT COUNT(*) FROM data_keys WHERE project_id = '" + legacy.projectId()
                                    + "' AND generation = 1 AND root_generation = 1"))
                    .isEqualTo(1);
            assertThat(bytes(c, "SELECT wrapped_key FROM data_keys WHERE project_id = ?", legacy.projectId()))
                    .isEqualTo(legacy.wrappedDataKey());
            assertThatThrownBy(() -> count(c, "SELECT COUNT(wrapped_data_key) FROM projects"))
                    .as("projects.wrapped_data_key is gone")
                    .isInstanceOf(SQLException.class);

            assertThat(count(
                            c,
                            "SELECT COUNT(*) FROM secret_versions WHERE secret_id = '" + legacy.secretId()
                                    + "' AND project_id = '" + legacy.projectId() + "' AND folder_id = '"
                                    + legacy.folderId()
                                    + "' AND deleted = " + sqlFalse()))
                    .as("both versions, with project, folder and not deleted")
                    .isEqualTo(2);
        }
    }

    // ---------------------------------------------------------------- the adoption is exact

    @Test
    void aV1ChecksumThatIsNeitherTheLegacyNorTheMergedOneStillFailsValidationAndChangesNothing() throws Exception {
        int legacyChecksum = Migrations.LEGACY_V1_CHECKSUMS.get(dialect());
        int otherDialects =
                Migrations.LEGACY_V1_CHECKSUMS.get(dialect() == Dialect.SQLITE ? Dialect.POSTGRESQL : Dialect.SQLITE);
        for (int recorded : new int[] {legacyChecksum + 1, otherDialects}) {
            assertThat(recorded).isNotEqualTo(legacyChecksum).isNotEqualTo(Migrations.checksum(Migrations.V1));
            Legacy legacy = legacyDatabase();
            try (Connection c = connect(legacy.directUrl());
                    Statement s = c.createStatement()) {
                assertThat(s.executeUpdate(
                                "UPDATE flyway_schema_history SET checksum = " + recorded + " WHERE version = '1'"))
                        .isEqualTo(1);
            }
            assertThatThrownBy(
                            () -> TestServer.startOn(backend(), legacy.dataDir(), legacy.jdbcUrl(), legacy.kekBase64()))
                    .as("start with V1 recorded as %d", recorded)
                    .isInstanceOf(FlywayException.class)
                    .hasMessageContaining("checksum");
            try (Connection c = connect(legacy.directUrl())) {
                List<String[]> history = history(c);
                assertThat(history).extracting(h -> h[0]).containsExactly("1");
                assertThat(history.get(0)[1]).isEqualTo(String.valueOf(recorded));
                assertThat(tableExists(c, "keyring")).as("V2 was not applied").isTrue();
                assertThat(tableExists(c, "root_keys")).isFalse();
            }
        }
    }

    // ---------------------------------------------------------------- the previous release's data

    /**
     * Creates a database with only the previous release's V1 for this dialect and writes into it what
     * that release wrote: the keyring row, an organization, a member identity with universal auth and a
     * client secret, a project with its wrapped data key, an environment with its root folder, a viewer
     * membership, and a secret at version 2 with both versions in its history, as headerless ciphertexts.
     */
    Legacy legacyDatabase() throws Exception {
        Path dataDir = TempDirs.make("coffer-legacy-");
        String jdbcUrl = backend() == Backend.POSTGRES ? Postgres.newDatabase() : null;
        String url = jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + dataDir.resolve("coffer.db");
        Flyway.configure()
                .dataSource(url, backend() == Backend.POSTGRES ? "postgres" : "", null)
                .locations("classpath:db/legacy/" + (backend() == Backend.POSTGRES ? "postgresql" : "sqlite"))
                .load()
                .migrate();

        byte[] kek = SecureRandoms.bytes(32);
        byte[] root = SecureRandoms.bytes(32);
        byte[] dataKey = SecureRandoms.bytes(32);
        String orgId = id();
        String identityId = id();
        String projectId = id();
        String envId = id();
        String folderId = id();
        String secretId = id();
        String clientId = id();
        String clientSecret = SecureRandoms.hex(32);
        byte[] wrappedRoot = KeyWrap.wrap(Aead.of(kek), root, "root-key");
        byte[] wrappedDataKey = KeyWrap.wrap(Aead.of(root), dataKey, "project:" + projectId);
        byte[] hmac = Hmac.sha256(
                        Hkdf.derive(null, root, "coffer/client-secret-hmac/v1".getBytes(StandardCharsets.UTF_8), 32))
                .mac(clientSecret);
        Aead data = Aead.of(dataKey);
        long now = System.currentTimeMillis();
        String anywhere = TrustedIps.toJson(TrustedIps.ANYWHERE);

        try (Connection c = connect(url)) {
            insert(c, "INSERT INTO keyring (id, wrapped_root, created_at) VALUES (1, ?, ?)", wrappedRoot, now);
            insert(c, "INSERT INTO instance (id, bootstrapped_at) VALUES (1, ?)", now);
            insert(
                    c,
                    "INSERT INTO organizations (id, name, slug, created_at) VALUES (?, 'Acme', 'acme', ?)",
                    orgId,
                    now);
            insert(
                    c,
                    "INSERT INTO identities (id, org_id, name, org_role, auth_method, created_at, updated_at) "
                            + "VALUES (?, ?, 'ci', 'member', 'universal-auth', ?, ?)",
                    identityId,
                    orgId,
                    now,
                    now);
            insert(
                    c,
                    "INSERT INTO universal_auths (id, identity_id, client_id, access_token_ttl, access_token_max_ttl, "
                            + "access_token_num_uses_limit, client_secret_trusted_ips, access_token_trusted_ips, lockout_enabled, "
                            + "lockout_threshold, lockout_duration_seconds, lockout_counter_reset_seconds, created_at, updated_at) "
                            + "VALUES (?, ?, ?, 2592000, 2592000, 0, ?, ?, ?, 3, 300, 30, ?, ?)",
                    id(),
                    identityId,
                    clientId,
                    anywhere,
                    anywhere,
                    true,
                    now,
                    now);
            insert(
                    c,
                    "INSERT INTO client_secrets (id, identity_id, prefix, secret_hmac, description, ttl, num_uses_limit, "
                            + "num_uses, revoked, created_at, updated_at) VALUES (?, ?, ?, ?, 'deploy', 0, 0, 0, ?, ?, ?)",
                    id(),
                    identityId,
                    clientSecret.substring(0, 4),
                    hmac,
                    false,
                    now,
                    now);
            insert(
                    c,
                    "INSERT INTO projects (id, org_id, name, slug, description, wrapped_data_key, created_at, updated_at) "
                            + "VALUES (?, ?, 'Legacy', 'legacy', NULL, ?, ?, ?)",
                    projectId,
                    orgId,
                    wrappedDataKey,
                    now,
                    now);
            insert(
                    c,
                    "INSERT INTO environments (id, project_id, name, slug, position, created_at, updated_at) "
                            + "VALUES (?, ?, 'Development', 'dev', 1, ?, ?)",
                    envId,
                    projectId,
                    now,
                    now);
            insert(
                    c,
                    "INSERT INTO folders (id, env_id, parent_id, name, description, version, created_at, updated_at) "
                            + "VALUES (?, ?, NULL, 'root', NULL, 1, ?, ?)",
                    folderId,
                    envId,
                    now,
                    now);
            insert(
                    c,
                    "INSERT INTO identity_project_memberships (project_id, identity_id, role, created_at, updated_at) "
                            + "VALUES (?, ?, 'member', ?, ?)",
                    projectId,
                    identityId,
                    now,
                    now);
            insert(
                    c,
                    "INSERT INTO secrets (id, folder_id, secret_key, type, owner_id, version, value_ct, comment_ct, "
                            + "skip_multiline, reminder_note, reminder_days, metadata, created_at, updated_at) "
                            + "VALUES (?, ?, 'DATABASE_URL', 'shared', '', 2, ?, ?, ?, NULL, NULL, '[]', ?, ?)",
                    secretId,
                    folderId,
                    legacySeal(data, projectId, secretId, 2, "VALUE", V2_VALUE),
                    legacySeal(data, projectId, secretId, 2, "COMMENT", V2_COMMENT),
                    false,
                    now - 1000,
                    now);
            for (int v = 1; v <= 2; v++) {
                insert(
                        c,
                        "INSERT INTO secret_versions (secret_id, version, secret_key, value_ct, comment_ct, created_at) "
                                + "VALUES (?, ?, 'DATABASE_URL', ?, ?, ?)",
                        secretId,
                        v,
                        legacySeal(data, projectId, secretId, v, "VALUE", v == 1 ? V1_VALUE : V2_VALUE),
                        legacySeal(data, projectId, secretId, v, "COMMENT", v == 1 ? V1_COMMENT : V2_COMMENT),
                        now - 2000 + v * 1000L);
            }
        }
        return new Legacy(
                dataDir,
                jdbcUrl,
                Base64.getEncoder().encodeToString(kek),
                wrappedRoot,
                wrappedDataKey,
                projectId,
                folderId,
                secretId,
                clientId,
                clientSecret);
    }

    /** Exactly the previous release's SecretCipher: no header, the v1 binding label. */
    private static byte[] legacySeal(
            Aead dataKey, String projectId, String secretId, long version, String field, String plaintext) {
        return dataKey.seal(
                plaintext.getBytes(StandardCharsets.UTF_8),
                ("coffer/secret/v1|" + projectId + "|" + secretId + "|" + version + "|" + field)
                        .getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- helpers

    private static String secretUrl(Legacy l, Integer version) {
        return "/api/v3/secrets/raw/DATABASE_URL?workspaceId=" + l.projectId() + "&environment=dev&secretPath=%2F"
                + (version == null ? "" : "&version=" + version);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private String sqlFalse() {
        return backend() == Backend.POSTGRES ? "FALSE" : "0";
    }

    private Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        if (backend() == Backend.POSTGRES) p.setProperty("user", "postgres");
        return DriverManager.getConnection(url, p);
    }

    /** version, checksum, success of each row of flyway_schema_history, in installation order. */
    private static List<String[]> history(Connection c) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT version, checksum, success FROM flyway_schema_history ORDER BY installed_rank")) {
            while (rs.next())
                out.add(new String[] {rs.getString(1), rs.getString(2), String.valueOf(rs.getBoolean(3))});
        }
        return out;
    }

    private boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect().tableExistsSql())) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] bytes(Connection c, String sql, Object arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static void insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof byte[] b) ps.setBytes(i + 1, b);
                else ps.setObject(i + 1, args[i]);
            }
            assertThat(ps.executeUpdate()).as(sql).isEqualTo(1);
        }
    }
}
