package dev.coffer.server.keys;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.crypto.Aead;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.store.Database;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A secret's ciphertexts are bound to where its row points: its folder, the environment of that
 * folder, and its name. A row re-pointed or renamed by SQL fails its integrity check when read (an
 * error that says so, names the secret and shows no value), and reads again once put back; moving it
 * through the API (a rename) re-encrypts it, so it keeps reading. Values written in the first header
 * format, before this binding, still read.
 */
abstract class CiphertextBindingSuite extends ApiSuite {

    abstract Backend backend();

    private final AtomicInteger seq = new AtomicInteger();

    @Override
    protected TestServer newServer() {
        return TestServer.start(backend());
    }

    /** A secret of a fresh project: its project, id, name and value. */
    private record Placed(String project, String id, String key, String value) {}

    private Placed secretInDevRoot() {
        String project = f.project("Binding " + seq.incrementAndGet());
        String value = EncryptionAtRestSuite.marker();
        String id = f.secret(project, "dev", "/", "BOUND", value).get("id").asText();
        return new Placed(project, id, "BOUND", value);
    }

    @Test
    void aSecretRepointedToAnotherFolderBySqlFailsItsIntegrityCheck() throws Exception {
        Placed s = secretInDevRoot();
        f.folder(s.project(), "dev", "/", "elsewhere");
        String elsewhere = folderOf(f.secret(s.project(), "dev", "/elsewhere", "NEIGHBOUR", "n")
                .get("id")
                .asText());
        String home = folderOf(s.id());

        setFolder(s.id(), elsewhere);
        assertIntegrityFailure(read(s.project(), "dev", "/elsewhere", s.key()), s);

        setFolder(s.id(), home);
        assertThat(value(read(s.project(), "dev", "/", s.key()))).isEqualTo(s.value());
    }

    @Test
    void aSecretRepointedToAnotherEnvironmentBySqlFailsItsIntegrityCheck() throws Exception {
        Placed s = secretInDevRoot();
        String prodRoot = folderOf(
                f.secret(s.project(), "prod", "/", "IN_PROD", "p").get("id").asText());

        setFolder(s.id(), prodRoot);
        assertIntegrityFailure(read(s.project(), "prod", "/", s.key()), s);
        Api.Response listing = api.get("/api/v3/secrets/raw?workspaceId=" + s.project() + "&environment=prod", token);
        assertIntegrityFailure(listing, s);
    }

    @Test
    void aSecretRenamedBySqlFailsItsIntegrityCheck() throws Exception {
        Placed s = secretInDevRoot();
        try (Connection c = EncryptionAtRestSuite.connect(server);
                PreparedStatement ps = c.prepareStatement("UPDATE secrets SET secret_key = ? WHERE id = ?")) {
            ps.setString(1, "RENAMED");
            ps.setString(2, s.id());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertIntegrityFailure(read(s.project(), "dev", "/", "RENAMED"), s);
    }

    @Test
    void aSecretRenamedThroughTheApiIsResealedForItsNewNameAndItsHistoryStillReads() {
        Placed s = secretInDevRoot();
        Api.Response renamed = patch(
                "/api/v3/secrets/raw/" + s.key(),
                body("workspaceId", s.project(), "environment", "dev", "newSecretName", "NEW_NAME"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(value(get(url(s.project(), "dev", "/", "NEW_NAME")))).isEqualTo(s.value());
        assertThat(value(get(url(s.project(), "dev", "/", "NEW_NAME") + "&version=1")))
                .isEqualTo(s.value());
    }

    @Test
    void renamingTheFolderOrTheEnvironmentThroughTheApiKeepsItsSecretsReadable() {
        String project = f.project("Binding " + seq.incrementAndGet());
        f.folder(project, "staging", "/", "before");
        String value = EncryptionAtRestSuite.marker();
        f.secret(project, "staging", "/before", "INSIDE", value);
        String folderId = get("/api/v1/folders?workspaceId=" + project + "&environment=staging&path=/")
                .json()
                .at("/folders/0/id")
                .asText();
        Api.Response folder = patch(
                "/api/v1/folders/" + folderId,
                body("workspaceId", project, "environment", "staging", "path", "/", "name", "after"));
        assertThat(folder.status()).as(folder.body()).isEqualTo(200);
        String envId = null;
        for (var e : get("/api/v1/projects/" + project).json().at("/project/environments")) {
            if (e.get("slug").asText().equals("staging")) envId = e.get("id").asText();
        }
        Api.Response env =
                patch("/api/v1/workspace/" + project + "/environments/" + envId, body("name", "Pre", "slug", "pre"));
        assertThat(env.status()).as(env.body()).isEqualTo(200);
        assertThat(value(get(url(project, "pre", "/after", "INSIDE")))).isEqualTo(value);
    }

    @Test
    void aValueWrittenInTheFirstHeaderFormatStillReads() throws Exception {
        Placed s = secretInDevRoot();
        String older = EncryptionAtRestSuite.marker();
        // what the release before location binding wrote: header C0 01, bound to project, secret, version, field
        byte[] header = {(byte) 0xC0, 0x01, 0, 0, 0, 1};
        byte[] label = ("coffer/secret/v2|" + s.project() + "|" + s.id() + "|1|VALUE").getBytes(StandardCharsets.UTF_8);
        byte[] aad = ByteBuffer.allocate(header.length + label.length)
                .put(header)
                .put(label)
                .array();
        byte[] sealed = Aead.of(dataKey(s.project())).seal(header, older.getBytes(StandardCharsets.UTF_8), aad);
        try (Connection c = EncryptionAtRestSuite.connect(server);
                PreparedStatement ps = c.prepareStatement("UPDATE secrets SET value_ct = ? WHERE id = ?")) {
            ps.setBytes(1, sealed);
            ps.setString(2, s.id());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(value(read(s.project(), "dev", "/", s.key()))).isEqualTo(older);
    }

    // ---------------------------------------------------------------- helpers

    /** The project's first data key, unwrapped with the server's own key from the server's database. */
    private byte[] dataKey(String projectId) {
        try (Database db = server.openDatabase(new Invalidator())) {
            Keyring keyring = Keyring.open(
                    db,
                    KeySource.fromSettings(server.config().encryptionKey(), null)
                            .orElseThrow());
            return db.read(tx -> keyring.unwrapDataKey(
                    projectId, KeyStore.dataKeys(tx, projectId).getFirst()));
        }
    }

    private Api.Response read(String project, String env, String path, String key) {
        return api.get(url(project, env, path, key), token);
    }

    private static String url(String project, String env, String path, String key) {
        return "/api/v3/secrets/raw/" + key + "?workspaceId=" + project + "&environment=" + env + "&secretPath=" + path;
    }

    private static String value(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/secret/secretValue").asText();
    }

    private static void assertIntegrityFailure(Api.Response r, Placed s) {
        assertThat(r.status()).as(r.body()).isEqualTo(500);
        assertThat(r.message())
                .as(r.body())
                .contains("Stored data failed its integrity check")
                .contains(s.id());
        assertThat(r.body())
                .as("the error body leaks no value and no internals")
                .doesNotContain(s.value())
                .doesNotContain("Exception")
                .doesNotContain("at dev.coffer");
    }

    private String folderOf(String secretId) throws SQLException {
        try (Connection c = EncryptionAtRestSuite.connect(server);
                PreparedStatement ps = c.prepareStatement("SELECT folder_id FROM secrets WHERE id = ?")) {
            ps.setString(1, secretId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("secret " + secretId).isTrue();
                return rs.getString(1);
            }
        }
    }

    private void setFolder(String secretId, String folderId) throws SQLException {
        try (Connection c = EncryptionAtRestSuite.connect(server);
                PreparedStatement ps = c.prepareStatement("UPDATE secrets SET folder_id = ? WHERE id = ?")) {
            ps.setString(1, folderId);
            ps.setString(2, secretId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
