package dev.coffer.server.servicetokens;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Legacy service tokens over real HTTP: creation by project admins, introspection, deletion and
 * expiry, and reads and writes within the token's scopes through the raw routes.
 */
abstract class ServiceTokensSuite extends ApiSuite {

    protected final TestClock clock = new TestClock();

    abstract Backend backend();

    @Override
    protected TestServer newServer() {
        return TestServer.start(backend(), clock);
    }

    /** Creates a token; returns the whole answer. */
    Api.Response create(String projectId, List<Map<String, String>> scopes, List<String> permissions, Object extra) {
        Map<String, Object> b = new java.util.HashMap<>(
                Map.of("name", "ci", "workspaceId", projectId, "scopes", scopes, "permissions", permissions));
        if (extra instanceof Map<?, ?> m) m.forEach((k, v) -> b.put((String) k, v));
        return post("/api/v2/service-token", b);
    }

    String token(String projectId, List<Map<String, String>> scopes, List<String> permissions) {
        Api.Response r = create(projectId, scopes, permissions, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("serviceToken").asText();
    }

    static Map<String, String> scope(String env, String path) {
        return Map.of("environment", env, "secretPath", path);
    }

    /** The bearer part of a token ({@code st.<id>.<secret>}), as clients send it. */
    static String bearer(String token) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + parts[1] + "." + parts[2];
    }

    Api.Response as(String bearer, String method, String path, Object body) {
        return api.send(method, path, bearer, body, Map.of()).assertNoInternals(method + " " + path);
    }

    // ---------------------------------------------------------------- create, introspect, delete

    @Test
    void aTokenMadeWithoutRandomBytesIsShownWholeOnceAndIntrospectsItsProjectAndScopes() {
        String p = f.project("st-create");
        Api.Response r = create(p, List.of(scope("dev", "/**")), List.of("read"), Map.of("expiresIn", 3600));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String token = r.json().get("serviceToken").asText();
        assertThat(token).matches("st\\.[0-9a-f-]{36}\\.[0-9a-f]{32}\\.[0-9a-f]{32}");
        JsonNode data = r.json().get("serviceTokenData");
        assertThat(data.get("workspace").asText()).isEqualTo(p);
        assertThat(data.get("projectId").asText()).isEqualTo(p);
        assertThat(data.get("id").asText()).isEqualTo(token.split("\\.")[1]);
        assertThat(data.toString())
                .doesNotContain(token.split("\\.")[2])
                .doesNotContain(token.split("\\.")[3])
                .doesNotContain("encryptedKey")
                .doesNotContain("hash");

        Api.Response me = as(bearer(token), "GET", "/api/v2/service-token", null);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("workspace").asText()).isEqualTo(p);
        assertThat(me.json().at("/scopes/0/environment").asText()).isEqualTo("dev");
        assertThat(me.json().at("/scopes/0/secretPath").asText()).isEqualTo("/**");
        assertThat(me.json().get("permissions").toString()).isEqualTo("[\"read\"]");
        assertThat(me.json().get("encryptedKey").asText()).isNotBlank();
        assertThat(me.json().get("expiresAt").asText()).isNotBlank();
        assertThat(me.body()).doesNotContain(token.split("\\.")[2]);

        Api.Response listed = get("/api/v2/workspace/" + p + "/service-token-data");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().get("serviceTokenData").findValuesAsText("id"))
                .containsExactly(data.get("id").asText());
    }

    @Test
    void aTokenMadeWithTheClientsRandomBytesIsAnsweredWithoutThem() {
        String p = f.project("st-random");
        String random = "0123456789abcdef0123456789abcdef";
        Api.Response r = create(p, List.of(scope("dev", "/")), List.of("read"), Map.of("randomBytes", random));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("serviceToken").asText()).matches("st\\.[0-9a-f-]{36}\\.[0-9a-f]{32}");
        assertThat(r.body()).doesNotContain(random);
    }

    @Test
    void aDeletedTokenIsRefusedAtOnce() {
        String p = f.project("st-delete");
        String token = token(p, List.of(scope("dev", "/**")), List.of("read"));
        assertThat(as(bearer(token), "GET", "/api/v2/service-token", null).status())
                .isEqualTo(200);
        String id = token.split("\\.")[1];
        Api.Response d = delete("/api/v2/service-token/" + id, null);
        assertThat(d.status()).as(d.body()).isEqualTo(200);
        Api.Response after = as(bearer(token), "GET", "/api/v2/service-token", null);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.message()).contains("not valid");
        assertThat(delete("/api/v2/service-token/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String p = f.project("st-expiry");
        Api.Response r = create(p, List.of(scope("dev", "/**")), List.of("read"), Map.of("expiresIn", 60));
        String token = r.json().get("serviceToken").asText();
        assertThat(as(bearer(token), "GET", "/api/v2/service-token", null).status())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(61));
        try {
            Api.Response after = as(bearer(token), "GET", "/api/v2/service-token", null);
            assertThat(after.status()).isEqualTo(401);
            assertThat(after.message()).contains("expired");
        } finally {
            clock.advance(Duration.ofSeconds(-61));
        }
    }

    @Test
    void aWrongSecretOrAMalformedTokenIsRefused() {
        String p = f.project("st-wrong");
        String token = token(p, List.of(scope("dev", "/**")), List.of("read"));
        String[] parts = token.split("\\.");
        String wrong = "st." + parts[1] + "." + "0".repeat(32);
        assertThat(as(wrong, "GET", "/api/v2/service-token", null).status()).isEqualTo(401);
        assertThat(as("st.nonsense", "GET", "/api/v2/service-token", null).status())
                .isEqualTo(401);
    }

    @Test
    void onlyProjectAdminsCreateListOrDeleteTokens() {
        String p = f.project("st-admins");
        var member = f.machine("st-member", "member");
        f.member(p, member.id(), "member");
        Api.Response r = api.post(
                "/api/v2/service-token",
                member.token(),
                Map.of(
                        "name",
                        "x",
                        "workspaceId",
                        p,
                        "scopes",
                        List.of(scope("dev", "/")),
                        "permissions",
                        List.of("read")));
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        String token = token(p, List.of(scope("dev", "/**")), List.of("read", "write"));
        Api.Response byToken = as(
                bearer(token),
                "POST",
                "/api/v2/service-token",
                Map.of(
                        "name",
                        "x",
                        "workspaceId",
                        p,
                        "scopes",
                        List.of(scope("dev", "/")),
                        "permissions",
                        List.of("read")));
        assertThat(byToken.status()).as(byToken.body()).isEqualTo(403);
        Api.Response del = api.delete("/api/v2/service-token/" + token.split("\\.")[1], member.token(), null);
        assertThat(del.status()).as(del.body()).isEqualTo(403);
    }

    @Test
    void badCreateRequestsAreRefusedWithWhatToDo() {
        String p = f.project("st-bad");
        assertThat(create(p, List.of(), List.of("read"), null).message()).contains("scopes");
        assertThat(create(p, List.of(scope("nope", "/")), List.of("read"), null).message())
                .contains("dev");
        assertThat(create(p, List.of(scope("dev", "app")), List.of("read"), null)
                        .message())
                .contains("'/'");
        assertThat(create(p, List.of(scope("dev", "/")), List.of("admin"), null).message())
                .contains("read");
        assertThat(create(p, List.of(scope("dev", "/")), List.of("read"), Map.of("expiresIn", -1))
                        .status())
                .isEqualTo(422);
        assertThat(create(p, List.of(scope("dev", "/")), List.of("read"), Map.of("randomBytes", "xyz"))
                        .status())
                .isEqualTo(422);
        Api.Response clientKey = create(
                p, List.of(scope("dev", "/")), List.of("read"), Map.of("encryptedKey", "abc", "iv", "a", "tag", "b"));
        assertThat(clientKey.status()).isEqualTo(400);
        assertThat(clientKey.message()).contains("randomBytes");
        assertThat(get("/api/v2/workspace/" + p + "/service-token-data")
                        .json()
                        .get("serviceTokenData")
                        .size())
                .isZero();
    }

    // ---------------------------------------------------------------- plaintext reads and writes

    @Test
    void aTokenReadsOnlyWithinItsScopes() {
        String p = f.project("st-scopes");
        f.folder(p, "dev", "/", "app");
        f.folder(p, "dev", "/app", "sub");
        f.secret(p, "dev", "/", "ROOT", "r");
        f.secret(p, "dev", "/app", "APP", "a");
        f.secret(p, "dev", "/app/sub", "SUB", "s");
        f.secret(p, "prod", "/", "PROD", "p");
        String token = bearer(token(p, List.of(scope("dev", "/app/**"), scope("staging", "/")), List.of("read")));

        Api.Response sub =
                as(token, "GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/app/sub", null);
        assertThat(sub.status()).as(sub.body()).isEqualTo(200);
        assertThat(sub.json().get("secrets").findValuesAsText("secretValue")).containsExactly("s");
        Api.Response v4 = as(token, "GET", "/api/v4/secrets?projectId=" + p + "&environment=dev&secretPath=/app", null);
        assertThat(v4.status()).as(v4.body()).isEqualTo(200);
        assertThat(v4.json().get("secrets").findValuesAsText("secretKey")).containsExactly("APP");
        Api.Response one =
                as(token, "GET", "/api/v3/secrets/raw/APP?workspaceId=" + p + "&environment=dev&secretPath=/app", null);
        assertThat(one.json().at("/secret/secretValue").asText()).isEqualTo("a");

        assertThat(as(token, "GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/", null)
                        .status())
                .isEqualTo(403);
        assertThat(as(token, "GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=prod&secretPath=/", null)
                        .status())
                .isEqualTo(403);
        Api.Response folders =
                as(token, "GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev&path=/app", null);
        assertThat(folders.status()).as(folders.body()).isEqualTo(200);
        assertThat(folders.json().get("folders").findValuesAsText("name")).containsExactly("sub");
    }

    @Test
    void aTokenWithOneNonGlobScopeReadsThatPlaceWhateverIsAsked() {
        String p = f.project("st-pinned");
        f.folder(p, "staging", "/", "svc");
        f.secret(p, "staging", "/svc", "PINNED", "yes");
        f.secret(p, "dev", "/", "OTHER", "no");
        String token = bearer(token(p, List.of(scope("staging", "/svc/")), List.of("read")));
        Api.Response r =
                as(token, "GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("secrets").findValuesAsText("secretKey")).containsExactly("PINNED");
        Api.Response v4 = as(token, "GET", "/api/v4/secrets?projectId=" + p + "&environment=prod&secretPath=/x", null);
        assertThat(v4.json().get("secrets").findValuesAsText("secretValue")).containsExactly("yes");
    }

    @Test
    void writingNeedsTheWritePermissionAndStaysWithinScope() {
        String p = f.project("st-write");
        String reader = bearer(token(p, List.of(scope("dev", "/**")), List.of("read")));
        String writer = bearer(token(p, List.of(scope("dev", "/**")), List.of("read", "write")));
        Map<String, Object> b = body("workspaceId", p, "environment", "dev", "secretPath", "/", "secretValue", "v");
        assertThat(as(reader, "POST", "/api/v3/secrets/raw/W", b).status()).isEqualTo(403);
        Api.Response created = as(writer, "POST", "/api/v3/secrets/raw/W", b);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        Api.Response changed = as(
                writer,
                "PATCH",
                "/api/v3/secrets/raw/W",
                body("workspaceId", p, "environment", "dev", "secretPath", "/", "secretValue", "v2"));
        assertThat(changed.json().at("/secret/version").asLong()).isEqualTo(2);
        Map<String, Object> prod = body("workspaceId", p, "environment", "prod", "secretPath", "/", "secretValue", "v");
        assertThat(as(writer, "POST", "/api/v3/secrets/raw/W", prod).status()).isEqualTo(403);
        assertThat(as(
                                writer,
                                "DELETE",
                                "/api/v3/secrets/raw/W",
                                body("workspaceId", p, "environment", "dev", "secretPath", "/"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aTokenCannotReachAnotherProject() {
        String mine = f.project("st-mine");
        String other = f.project("st-other");
        f.secret(other, "dev", "/", "X", "x");
        String token = bearer(token(mine, List.of(scope("dev", "/**")), List.of("read")));
        Api.Response r =
                as(token, "GET", "/api/v3/secrets/raw?workspaceId=" + other + "&environment=dev&secretPath=/", null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("message").asText())
                .contains("reads only its own project")
                .contains("POST /api/v2/service-token")
                .doesNotContain("identity-memberships");
        assertThat(as(token, "GET", "/api/v1/projects", null)
                        .json()
                        .get("projects")
                        .size())
                .isZero();
    }
}
