package dev.coffer.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.crypto.Hex;
import dev.coffer.server.app.Wiring;
import dev.coffer.server.errors.StartupException;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.Postgres;
import dev.coffer.server.testing.TempDirs;
import dev.coffer.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Promise 1 of SECURITY.md on each storage dialect: a copy of the database (the SQLite file with its
 * WAL, a PostgreSQL dump, PostgreSQL's heap and WAL files) holds no secret value or comment in
 * plaintext; a ciphertext moved onto another row or version fails loudly instead of decrypting; and
 * the wrong encryption key stops the start with a clear message, having written nothing.
 */
abstract class EncryptionAtRestSuite {

    abstract Backend backend();

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /** A secret created through the API for these tests: its id and the values it was given. */
    record Created(String id, String key, String value, String comment) {}

    // ---------------------------------------------------------------- nothing readable at rest

    @Test
    void aCopyOfTheDatabaseHoldsNoSecretValueOrComment() throws Exception {
        try (TestServer server = TestServer.start(backend())) {
            Fixtures f = new Fixtures(server.api());
            String project = f.project("At rest");
            List<String> markers = new ArrayList<>();
            List<Created> created = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String value = marker();
                String comment = marker();
                markers.add(value);
                markers.add(comment);
                created.add(create(f, project, "AT_REST_KEY_" + i, "ünïcødé " + value, "note " + comment));
            }
            // a second version of one secret: the first version's value and comment stay in the version table
            String newValue = marker();
            String newComment = marker();
            markers.add(newValue);
            markers.add(newComment);
            update(f, project, "AT_REST_KEY_0", newValue, newComment);
            // the markers really are stored: every version reads back through the API
            assertThat(read(f, project, "AT_REST_KEY_0", null)
                            .json()
                            .at("/secret/secretValue")
                            .asText())
                    .isEqualTo(newValue);
            assertThat(read(f, project, "AT_REST_KEY_0", 1L)
                            .json()
                            .at("/secret/secretValue")
                            .asText())
                    .isEqualTo(created.get(0).value());
            assertThat(read(f, project, "AT_REST_KEY_2", null)
                            .json()
                            .at("/secret/secretComment")
                            .asText())
                    .isEqualTo(created.get(2).comment());

            if (backend() == Backend.SQLITE) {
                assertSqliteFilesHoldNoMarker(server, markers);
            } else {
                assertPostgresHoldsNoMarker(server, markers);
            }
        }
    }

    private static void assertSqliteFilesHoldNoMarker(TestServer server, List<String> markers) throws IOException {
        // while running: copy the database file and its write-ahead log as a backup tool would
        Path copy = TempDirs.make("coffer-copy-");
        List<Path> copied = new ArrayList<>();
        for (String name : List.of("coffer.db", "coffer.db-wal")) {
            Path file = server.dataDir().resolve(name);
            if (Files.exists(file)) {
                copied.add(Files.copy(file, copy.resolve(name), StandardCopyOption.COPY_ATTRIBUTES));
            }
        }
        assertThat(copied).as("the database file was copied").isNotEmpty();
        String whileRunning = latin1(copied);
        assertNoMarker(whileRunning, markers, "copy of coffer.db and coffer.db-wal taken while the server runs");
        assertThat(whileRunning)
                .as("the copy holds the secrets' rows (names are plaintext)")
                .contains("AT_REST_KEY_1");

        // after a clean stop the WAL is checkpointed into the main file
        server.stop();
        List<Path> files;
        try (Stream<Path> s = Files.list(server.dataDir())) {
            files = s.filter(Files::isRegularFile).toList();
        }
        String stopped = latin1(files);
        assertNoMarker(stopped, markers, "data directory after the server stopped: " + files);
        assertThat(latin1(List.of(server.sqliteFile())))
                .as("coffer.db after the checkpoint")
                .contains("AT_REST_KEY_1");
    }

    private static void assertPostgresHoldsNoMarker(TestServer server, List<String> markers) throws Exception {
        try (Connection c = connect(server)) {
            String textDump = new String(dump(c, false), StandardCharsets.ISO_8859_1);
            String binaryDump = new String(dump(c, true), StandardCharsets.ISO_8859_1);
            assertThat(textDump)
                    .as("the dump holds the secrets' rows (names are plaintext)")
                    .contains("AT_REST_KEY_1");
            assertNoMarker(textDump, markers, "COPY dump (text) of every table");
            assertNoMarker(binaryDump, markers, "COPY dump (binary) of every table");
            // a text dump shows bytea as hex: a plaintext stored in a bytea column would show up like this
            List<String> hexMarkers = new ArrayList<>();
            for (String m : markers) {
                String hex = Hex.encode(m.getBytes(StandardCharsets.UTF_8));
                hexMarkers.add(hex.toLowerCase());
                hexMarkers.add(hex.toUpperCase());
            }
            assertNoMarker(textDump, hexMarkers, "COPY dump (text, bytea as hex) of every table");

            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
        List<Path> files = new ArrayList<>();
        // the cluster is shared: other tests' databases are created and dropped while this walks it
        Files.walkFileTree(Postgres.dataDirectory(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) files.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException vanished) {
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException vanishedWhileListed) {
                return FileVisitResult.CONTINUE;
            }
        });
        boolean nameSeen = false;
        for (Path file : files) {
            String bytes;
            try {
                bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            } catch (IOException vanished) {
                continue; // a temporary file PostgreSQL removed while we walked
            }
            assertNoMarker(bytes, markers, "PostgreSQL data file " + file);
            nameSeen |= bytes.contains("AT_REST_KEY_1");
        }
        assertThat(nameSeen)
                .as("a secret name is found in PostgreSQL's files, so the scan looks at the right data")
                .isTrue();
    }

    // ---------------------------------------------------------------- ciphertexts bound to their row

    @Test
    void swappingTheValueCiphertextsOfTwoSecretsMakesBothFailLoudly() throws Exception {
        try (TestServer server = TestServer.start(backend())) {
            Fixtures f = new Fixtures(server.api());
            String project = f.project("Swap");
            Created a = create(f, project, "SWAP_A", marker(), marker());
            Created b = create(f, project, "SWAP_B", marker(), marker());
            Created intact = create(f, project, "SWAP_C", marker(), marker());

            try (Connection c = connect(server)) {
                byte[] ctA = valueCt(c, a.id());
                byte[] ctB = valueCt(c, b.id());
                setValueCt(c, a.id(), ctB);
                setValueCt(c, b.id(), ctA);
            }

            for (Created s : List.of(a, b)) {
                Api.Response r = read(f, project, s.key(), null);
                assertIntegrityFailure(r, s.id(), a, b);
            }
            // the folder's list fails, but a get of a secret of the same folder that was not altered does not
            assertThat(read(f, project, intact.key(), null)
                            .json()
                            .at("/secret/secretValue")
                            .asText())
                    .isEqualTo(intact.value());
            // putting A's own ciphertext back (version 1 is its current one) makes it readable again
            try (Connection c = connect(server)) {
                setValueCt(c, a.id(), valueCtOfVersion(c, a.id(), 1));
            }
            assertThat(read(f, project, "SWAP_A", null)
                            .json()
                            .at("/secret/secretValue")
                            .asText())
                    .isEqualTo(a.value());
        }
    }

    @Test
    void anOlderVersionsCiphertextCopiedOntoTheCurrentRowFailsLoudly() throws Exception {
        try (TestServer server = TestServer.start(backend())) {
            Fixtures f = new Fixtures(server.api());
            String project = f.project("Rollback");
            Created v1 = create(f, project, "ROLLED_BACK", marker(), marker());
            Created v2 = new Created(v1.id(), v1.key(), marker(), marker());
            update(f, project, v1.key(), v2.value(), v2.comment());

            try (Connection c = connect(server)) {
                setValueCt(c, v1.id(), valueCtOfVersion(c, v1.id(), 1));
            }

            Api.Response r = read(f, project, v1.key(), null);
            assertIntegrityFailure(r, v1.id(), v1, v2);
            assertThat(r.message()).contains("version 2");
            // version 1 itself is intact in the version table and still reads back
            assertThat(read(f, project, v1.key(), 1L)
                            .json()
                            .at("/secret/secretValue")
                            .asText())
                    .isEqualTo(v1.value());
        }
    }

    @Test
    void aCommentCiphertextCopiedIntoTheValueColumnOfItsOwnRowFailsLoudly() throws Exception {
        try (TestServer server = TestServer.start(backend())) {
            Fixtures f = new Fixtures(server.api());
            String project = f.project("Fields");
            Created s = create(f, project, "FIELD_BOUND", marker(), marker());

            try (Connection c = connect(server);
                    PreparedStatement ps =
                            c.prepareStatement("UPDATE secrets SET value_ct = comment_ct WHERE id = ?")) {
                ps.setString(1, s.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }

            assertIntegrityFailure(read(f, project, s.key(), null), s.id(), s, s);
        }
    }

    private static void assertIntegrityFailure(Api.Response r, String secretId, Created one, Created other) {
        assertThat(r.status()).as(r.body()).isEqualTo(500);
        assertThat(r.message())
                .as(r.body())
                .contains("Stored data failed its integrity check")
                .contains(secretId);
        assertThat(r.body())
                .as("the error body leaks no value or comment")
                .doesNotContain(one.value(), other.value(), one.comment(), other.comment());
    }

    // ---------------------------------------------------------------- the wrong key

    @Test
    void theWrongKeyStopsTheStartWithAClearMessageAndWritesNothing() throws Exception {
        TestServer server = TestServer.start(backend());
        try {
            Fixtures f = new Fixtures(server.api());
            String project = f.project("Wrong key");
            Created s = create(f, project, "KEPT", marker(), marker());
            server.stop();

            Map<String, String> before = snapshot(server);
            String wrongKey = randomKey();
            assertThatThrownBy(
                            () -> Wiring.start(server.configWithKey(wrongKey)).close())
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("does not open this database")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongKey));
            assertThat(snapshot(server))
                    .as("the database after the refused start")
                    .isEqualTo(before);

            server.restart();
            Fixtures again = new Fixtures(server.api());
            // the admin's token was signed with a key derived from the root key: it still works
            Api.Response r =
                    again.api().get(secretUrl(project, "KEPT", null), f.admin().token());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/secret/secretValue").asText()).isEqualTo(s.value());
            assertThat(r.json().at("/secret/secretComment").asText()).isEqualTo(s.comment());
        } finally {
            server.close();
        }
    }

    /**
     * What the database holds, for a before/after comparison: on SQLite the SHA-256 of the database
     * file and its WAL (when present); on PostgreSQL the SHA-256 of a COPY dump of each table.
     */
    private static Map<String, String> snapshot(TestServer server) throws Exception {
        Map<String, String> out = new TreeMap<>();
        if (server.backend() == Backend.SQLITE) {
            for (String name : List.of("coffer.db", "coffer.db-wal")) {
                Path file = server.dataDir().resolve(name);
                if (Files.exists(file)) out.put(name, sha256(Files.readAllBytes(file)));
            }
            assertThat(out).containsKey("coffer.db");
            return out;
        }
        try (Connection c = connect(server)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (String table : tables(c)) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                copy.copyOut("COPY (SELECT * FROM public.\"" + table + "\") TO STDOUT", bytes);
                out.put(table, sha256(bytes.toByteArray()));
            }
        }
        assertThat(out).containsKeys("root_keys", "data_keys", "secrets", "secret_versions");
        return out;
    }

    // ---------------------------------------------------------------- helpers

    static String marker() {
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 24; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static Created create(Fixtures f, String project, String key, String value, String comment) {
        Api.Response r = f.api()
                .post(
                        "/api/v3/secrets/raw/" + key,
                        f.admin().token(),
                        Map.of(
                                "workspaceId",
                                project,
                                "environment",
                                "dev",
                                "secretPath",
                                "/",
                                "secretValue",
                                value,
                                "secretComment",
                                comment));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new Created(r.json().at("/secret/id").asText(), key, value, comment);
    }

    private static void update(Fixtures f, String project, String key, String value, String comment) {
        Api.Response r = f.api()
                .patch(
                        "/api/v3/secrets/raw/" + key,
                        f.admin().token(),
                        Map.of(
                                "workspaceId",
                                project,
                                "environment",
                                "dev",
                                "secretPath",
                                "/",
                                "secretValue",
                                value,
                                "secretComment",
                                comment));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static Api.Response read(Fixtures f, String project, String key, Long version) {
        return f.api().get(secretUrl(project, key, version), f.admin().token());
    }

    private static String secretUrl(String project, String key, Long version) {
        return "/api/v3/secrets/raw/" + key + "?workspaceId=" + project + "&environment=dev&secretPath="
                + URLEncoder.encode("/", StandardCharsets.UTF_8) + (version == null ? "" : "&version=" + version);
    }

    static Connection connect(TestServer server) throws SQLException {
        Properties p = new Properties();
        if (server.backend() == Backend.POSTGRES) p.setProperty("user", "postgres");
        else p.setProperty("busy_timeout", "10000");
        return DriverManager.getConnection(server.directJdbcUrl(), p);
    }

    private static byte[] valueCt(Connection c, String secretId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value_ct FROM secrets WHERE id = ?")) {
            ps.setString(1, secretId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("secret row " + secretId).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static byte[] valueCtOfVersion(Connection c, String secretId, long version) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT value_ct FROM secret_versions WHERE secret_id = ? AND version = ?")) {
            ps.setString(1, secretId);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next())
                        .as("version " + version + " of " + secretId)
                        .isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static void setValueCt(Connection c, String secretId, byte[] ct) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE secrets SET value_ct = ? WHERE id = ?")) {
            ps.setBytes(1, ct);
            ps.setString(2, secretId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT table_name FROM "
                                + "information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")) {
            while (rs.next()) tables.add(rs.getString(1));
        }
        assertThat(tables).contains("secrets", "secret_versions");
        return tables;
    }

    /** Every table of schema public through {@code COPY ... TO STDOUT}, as pg_dump would read it. */
    private static byte[] dump(Connection c, boolean binary) throws Exception {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String table : tables(c)) {
            out.writeBytes(("-- " + table + "\n").getBytes(StandardCharsets.UTF_8));
            copy.copyOut(
                    "COPY (SELECT * FROM public.\"" + table + "\") TO STDOUT" + (binary ? " WITH (FORMAT binary)" : ""),
                    out);
        }
        return out.toByteArray();
    }

    /** Files as one ISO-8859-1 string: one char per byte, so an ASCII marker is found as its UTF-8 bytes. */
    private static String latin1(List<Path> files) {
        StringBuilder sb = new StringBuilder();
        for (Path p : files) {
            try {
                sb.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
                        .append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sb.toString();
    }

    private static void assertNoMarker(String haystack, List<String> markers, String where) {
        Map<String, Integer> found = new LinkedHashMap<>();
        for (String m : markers) {
            String asBytes = new String(m.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            int at = haystack.indexOf(asBytes);
            if (at >= 0) found.put(m, at);
        }
        assertThat(found)
                .as("plaintext secret values or comments found in %s", where)
                .isEmpty();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return Hex.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
