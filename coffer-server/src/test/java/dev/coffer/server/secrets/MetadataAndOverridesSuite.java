package dev.coffer.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Secret metadata (stored, returned, kept by versions, encrypted at rest where isEncrypted, filtered
 * with metadataFilter) and personal overrides (a person's own value of a shared secret: only its owner
 * sees it; v3 lists it beside the shared one, v4 instead of it when asked; it goes with the shared one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MetadataAndOverridesSuite {

    static final String PASSWORD = "Two kinds of chars";

    abstract Backend backend();

    TestServer server;
    Api api;
    Fixtures f;
    String admin;
    String orgId;

    @BeforeAll
    void start() {
        server = TestServer.start(backend());
        api = server.api();
        f = new Fixtures(api);
        admin = f.admin().token();
        orgId = f.admin().orgId();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A person of the organization, member of the project with {@code role}; returns a session token. */
    String person(String project, String email, String role) {
        Api.Response inv =
                api.post("/api/v1/organization/" + orgId + "/invite", admin, Map.of("email", email, "role", "member"));
        assertThat(inv.status()).as(inv.body()).isEqualTo(200);
        Api.Response acc = api.post(
                "/api/v1/invite-org/accept",
                null,
                Map.of("token", inv.json().get("token").asText(), "password", PASSWORD));
        assertThat(acc.status()).as(acc.body()).isEqualTo(200);
        Api.Response add = api.post(
                "/api/v2/workspace/" + project + "/memberships",
                admin,
                Map.of("emails", List.of(email), "roleSlugs", List.of(role)));
        assertThat(add.status()).as(add.body()).isEqualTo(200);
        return acc.json().get("accessToken").asText();
    }

    Api.Response send(String method, String token, String path, Map<String, Object> body) {
        return api.send(method, path, token, body, Map.of()).assertNoInternals(method + " " + path);
    }

    static Map<String, Object> at(String project, Object... pairs) {
        Map<String, Object> out = new HashMap<>(Api.body(pairs));
        out.put("workspaceId", project);
        out.put("environment", "dev");
        return out;
    }

    @Test
    void metadataIsStoredReturnedVersionedAndEncryptedAtRestWhereAsked() throws Exception {
        String p = f.project("meta");
        String plainSecret = "meta-plain-" + backend() + "-visible";
        String hidden = "meta-sealed-" + backend() + "-never-on-disk";
        Api.Response created = send(
                "POST",
                admin,
                "/api/v3/secrets/raw/API",
                at(
                        p,
                        "secretValue",
                        "v",
                        "secretMetadata",
                        List.of(
                                Map.of("key", "owner", "value", plainSecret),
                                Map.of("key", "pager", "value", hidden, "isEncrypted", true))));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        JsonNode meta = created.json().at("/secret/secretMetadata");
        assertThat(meta.get(1).get("value").asText()).isEqualTo(hidden);
        assertThat(meta.get(1).get("isEncrypted").asBoolean()).isTrue();
        assertThat(meta.get(0).get("isEncrypted").asBoolean()).isFalse();
        JsonNode listed = api.get("/api/v4/secrets?projectId=" + p + "&environment=dev", admin)
                .json()
                .at("/secrets/0/secretMetadata");
        assertThat(listed).isEqualTo(meta);
        // a change of the value keeps the metadata (sealed anew for the new version); a change of it replaces it
        assertThat(send("PATCH", admin, "/api/v3/secrets/raw/API", at(p, "secretValue", "v2"))
                        .status())
                .isEqualTo(200);
        JsonNode got = api.get("/api/v3/secrets/raw/API?workspaceId=" + p + "&environment=dev", admin)
                .json()
                .get("secret");
        assertThat(got.get("secretMetadata")).isEqualTo(meta);
        assertThat(send(
                                "PATCH",
                                admin,
                                "/api/v4/secrets/API",
                                Map.of(
                                        "projectId",
                                        p,
                                        "environment",
                                        "dev",
                                        "secretMetadata",
                                        List.of(Map.of("key", "k", "value", "1"))))
                        .status())
                .isEqualTo(200);
        JsonNode versions = api.get("/api/v1/secret/" + got.get("id").asText() + "/secret-versions", admin)
                .json()
                .get("secretVersions");
        assertThat(versions.get(0).at("/secretMetadata/0/key").asText()).isEqualTo("k");
        assertThat(versions.get(2).get("secretMetadata")).isEqualTo(meta);
        assertThat(versions.get(1).get("secretMetadata")).isEqualTo(meta);

        // on disk: the plain value is there, the encrypted one nowhere
        StringBuilder stored = new StringBuilder();
        try (Connection c = DriverManager.getConnection(server.directJdbcUrl())) {
            for (String sql : List.of("SELECT metadata FROM secrets", "SELECT metadata FROM secret_versions")) {
                try (ResultSet rs = c.createStatement().executeQuery(sql)) {
                    while (rs.next()) stored.append(rs.getString(1)).append('\n');
                }
            }
        }
        assertThat(stored.toString())
                .contains(plainSecret)
                .doesNotContain(hidden)
                .contains("sealed");
        if (backend() == Backend.SQLITE) {
            for (String name : List.of("coffer.db", "coffer.db-wal")) {
                Path file = server.dataDir().resolve(name);
                if (!Files.exists(file)) continue;
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(name).doesNotContain(hidden);
            }
        }
    }

    @Test
    void metadataFilterKeepsSecretsWhoseMetadataMatchesEveryPair() {
        String p = f.project("meta-filter");
        send(
                "POST",
                admin,
                "/api/v3/secrets/raw/A",
                at(
                        p,
                        "secretValue",
                        "1",
                        "secretMetadata",
                        List.of(Map.of("key", "env", "value", "prod"), Map.of("key", "team", "value", "a"))));
        send(
                "POST",
                admin,
                "/api/v3/secrets/raw/B",
                at(
                        p,
                        "secretValue",
                        "1",
                        "secretMetadata",
                        List.of(
                                Map.of("key", "env", "value", "dev"),
                                Map.of("key", "team", "value", "a", "isEncrypted", true))));
        send("POST", admin, "/api/v3/secrets/raw/C", at(p, "secretValue", "1"));
        String v4 = "/api/v4/secrets?projectId=" + p + "&environment=dev&metadataFilter=";
        assertThat(keys(v4 + "key=env,value=prod")).containsExactly("A");
        assertThat(keys(v4 + "key=team,value=a")).containsExactly("A", "B");
        assertThat(keys(v4 + "key=env")).containsExactly("A", "B");
        assertThat(keys(v4 + "key=team,value=a%7Ckey=env,value=dev")).containsExactly("B");
        assertThat(keys(v4 + "value=nothing")).isEmpty();
        Api.Response bad = api.get(v4 + "nonsense", admin).assertNoInternals("bad filter");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.message()).contains("metadataFilter");
        Api.Response badMeta =
                send("POST", admin, "/api/v3/secrets/raw/D", at(p, "secretValue", "1", "secretMetadata", "x"));
        assertThat(badMeta.status()).isBetween(400, 422);
        assertThat(badMeta.message()).contains("secretMetadata");
        Api.Response twice = send(
                "POST",
                admin,
                "/api/v3/secrets/raw/D",
                at(
                        p,
                        "secretValue",
                        "1",
                        "secretMetadata",
                        List.of(Map.of("key", "k", "value", "1"), Map.of("key", "k", "value", "2"))));
        assertThat(twice.status()).isBetween(400, 422);
        assertThat(f.keys(admin, p, "dev", "/")).containsExactly("A", "B", "C");
    }

    List<String> keys(String query) {
        Api.Response r = api.get(query, admin);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("secrets").findValuesAsText("secretKey");
    }

    @Test
    void aPersonsOverrideIsSeenOnlyByItsOwnerBesideOrInsteadOfTheSharedSecret() {
        String p = f.project("overrides");
        f.secret(p, "dev", "/", "DB_URL", "shared-value");
        f.secret(p, "dev", "/", "OTHER", "other-value");
        String ana = person(p, "ana-" + backend() + "@example.com", "member");
        String bob = person(p, "bob-" + backend() + "@example.com", "member");

        Api.Response mine = send(
                "POST", ana, "/api/v3/secrets/raw/DB_URL", at(p, "secretValue", "ana-local-value", "type", "personal"));
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.json().at("/secret/type").asText()).isEqualTo("personal");
        Api.Response again =
                send("POST", ana, "/api/v3/secrets/raw/DB_URL", at(p, "secretValue", "x", "type", "personal"));
        assertThat(again.status()).isEqualTo(400);
        Api.Response orphan =
                send("POST", ana, "/api/v3/secrets/raw/NOPE", at(p, "secretValue", "x", "type", "personal"));
        assertThat(orphan.status()).isEqualTo(400);
        assertThat(orphan.message()).contains("shared secret");
        Api.Response machine =
                send("POST", admin, "/api/v3/secrets/raw/DB_URL", at(p, "secretValue", "x", "type", "personal"));
        assertThat(machine.status()).isEqualTo(400);
        assertThat(machine.message()).contains("users");

        // v3: both entries, told apart by type
        JsonNode v3 = api.get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev", ana)
                .json()
                .get("secrets");
        assertThat(v3.findValuesAsText("secretKey")).containsExactly("DB_URL", "DB_URL", "OTHER");
        assertThat(v3.findValuesAsText("type")).containsExactly("shared", "personal", "shared");
        assertThat(v3.get(1).get("secretValue").asText()).isEqualTo("ana-local-value");
        // v4: the shared one, or the override instead of it when asked
        String v4 = "/api/v4/secrets?projectId=" + p + "&environment=dev";
        assertThat(values(api.get(v4, ana).json()))
                .containsEntry("DB_URL", "shared-value")
                .hasSize(2);
        assertThat(values(api.get(v4 + "&includePersonalOverrides=true", ana).json()))
                .containsEntry("DB_URL", "ana-local-value")
                .containsEntry("OTHER", "other-value")
                .hasSize(2);
        assertThat(api.get("/api/v4/secrets/DB_URL?projectId=" + p + "&environment=dev&type=personal", ana)
                        .json()
                        .at("/secret/secretValue")
                        .asText())
                .isEqualTo("ana-local-value");

        // nobody else sees it
        for (String token : List.of(bob, admin)) {
            Api.Response v3b = api.get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev", token);
            assertThat(v3b.json().get("secrets").findValuesAsText("type")).containsOnly("shared");
            assertThat(v3b.body()).doesNotContain("ana-local-value");
            assertThat(api.get(v4 + "&includePersonalOverrides=true", token).body())
                    .doesNotContain("ana-local-value");
        }
        assertThat(api.get("/api/v4/secrets/DB_URL?projectId=" + p + "&environment=dev&type=personal", bob)
                        .status())
                .isEqualTo(404);
        String personalId = mine.json().at("/secret/id").asText();
        assertThat(api.get("/api/v1/secret/" + personalId + "/secret-versions", bob)
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/secret/" + personalId + "/secret-versions", ana)
                        .status())
                .isEqualTo(200);
        // bob's own override of the same key is his alone
        assertThat(send(
                                "POST",
                                bob,
                                "/api/v3/secrets/raw/DB_URL",
                                at(p, "secretValue", "bob-value", "type", "personal"))
                        .status())
                .isEqualTo(200);
        assertThat(api.get(v4 + "&includePersonalOverrides=true", ana).body()).doesNotContain("bob-value");

        // update and delete one's own
        assertThat(send("PATCH", ana, "/api/v3/secrets/raw/DB_URL", at(p, "secretValue", "ana-2", "type", "personal"))
                        .json()
                        .at("/secret/version")
                        .asLong())
                .isEqualTo(2);
        assertThat(values(api.get(v4 + "&includePersonalOverrides=true", ana).json()))
                .containsEntry("DB_URL", "ana-2");
        assertThat(send("DELETE", bob, "/api/v3/secrets/raw/DB_URL", at(p, "type", "personal"))
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev", bob)
                        .body())
                .doesNotContain("bob-value");
        // the shared secret's listing, history and recovery never count overrides
        assertThat(f.keys(admin, p, "dev", "/")).containsExactly("DB_URL", "OTHER");

        // deleting the shared secret deletes the overrides
        assertThat(send("DELETE", admin, "/api/v3/secrets/raw/DB_URL", at(p)).status())
                .isEqualTo(200);
        JsonNode after = api.get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev", ana)
                .json()
                .get("secrets");
        assertThat(after.findValuesAsText("secretKey")).containsExactly("OTHER");
        f.secret(p, "dev", "/", "DB_URL", "new-shared");
        assertThat(values(api.get(v4 + "&includePersonalOverrides=true", ana).json()))
                .containsEntry("DB_URL", "new-shared");
        JsonNode deleted = api.get("/api/v1/secrets/deleted?workspaceId=" + p + "&environment=dev&secretPath=/", admin)
                .json()
                .get("secrets");
        assertThat(deleted.findValuesAsText("secretId")).doesNotContain(personalId);
    }

    @Test
    void renamingTheSharedSecretTakesItsOverridesToTheNewName() {
        String p = f.project("overrides-renamed");
        f.secret(p, "dev", "/", "DB_URL", "shared-value");
        String ana = person(p, "ana-rename-" + backend() + "@example.com", "member");
        assertThat(send(
                                "POST",
                                ana,
                                "/api/v3/secrets/raw/DB_URL",
                                at(p, "secretValue", "ana-value", "type", "personal"))
                        .status())
                .isEqualTo(200);

        Api.Response renamed =
                send("PATCH", admin, "/api/v3/secrets/raw/DB_URL", at(p, "newSecretName", "DATABASE_URL"));

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        String v4 = "/api/v4/secrets?projectId=" + p + "&environment=dev&includePersonalOverrides=true";
        assertThat(values(api.get(v4, ana).json())).containsExactly(Map.entry("DATABASE_URL", "ana-value"));
        JsonNode v3 = api.get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev", ana)
                .json()
                .get("secrets");
        assertThat(v3.findValuesAsText("secretKey")).containsExactly("DATABASE_URL", "DATABASE_URL");
        // and deleting it under its new name still takes the override with it
        assertThat(send("DELETE", admin, "/api/v3/secrets/raw/DATABASE_URL", at(p))
                        .status())
                .isEqualTo(200);
        assertThat(api.get(v4, ana).json().get("secrets")).isEmpty();
    }

    static Map<String, String> values(JsonNode listing) {
        Map<String, String> out = new HashMap<>();
        for (JsonNode s : listing.get("secrets")) {
            assertThat(out.put(s.get("secretKey").asText(), s.get("secretValue").asText()))
                    .as("one entry per key")
                    .isNull();
        }
        return out;
    }
}
