package dev.coffer.server.servicetokens;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Speaks the protocol as Infisical's 1.x Python client does with {@code st.<id>.<secret>.<key>}:
 * introspect the token, unwrap the workspace key with {@code <key>} (AES-256-GCM under the key's UTF-8
 * bytes, 16-byte IV, tag apart, base64), list the encrypted secrets and decrypt names and values, read
 * one, and write sealed values back.
 */
abstract class LegacyPythonClientSuite extends ApiSuite {

    abstract Backend backend();

    @Override
    protected TestServer newServer() {
        return TestServer.start(backend());
    }

    /** A client session: the bearer it sends and the workspace key it unwrapped. */
    record Client(String bearer, String projectId, String workspaceKey) {}

    Client connect(String projectId, List<Map<String, String>> scopes, List<String> permissions) {
        String key = "00112233445566778899aabbccddeeff";
        Api.Response created = post(
                "/api/v2/service-token",
                Map.of(
                        "name",
                        "python",
                        "workspaceId",
                        projectId,
                        "scopes",
                        scopes,
                        "permissions",
                        permissions,
                        "expiresIn",
                        0,
                        "randomBytes",
                        key,
                        "encryptedKey",
                        "",
                        "iv",
                        "",
                        "tag",
                        ""));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        // the CLI appends its randomBytes to what the server answers; the client splits it off again
        String full = created.json().get("serviceToken").asText() + "." + key;
        int last = full.lastIndexOf('.');
        String bearer = full.substring(0, last);
        String tokenKey = full.substring(last + 1);

        Api.Response me = api.get("/api/v2/service-token", bearer).assertNoInternals("introspect");
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        String workspaceKey = decrypt(
                tokenKey,
                me.json().get("encryptedKey").asText(),
                me.json().get("iv").asText(),
                me.json().get("tag").asText());
        assertThat(workspaceKey).matches("[0-9a-f]{32}");
        return new Client(bearer, me.json().get("workspace").asText(), workspaceKey);
    }

    @Test
    void theOldPythonClientListsAndDecryptsEverySecretOfItsScope() {
        String p = f.project("py-list");
        f.secret(p, "dev", "/", "DB_URL", "postgres://db");
        f.secret(p, "dev", "/", "UNICODE", "grüße ✓");
        f.secret(p, "dev", "/", "EMPTY", "");
        f.secret(p, "prod", "/", "PROD_ONLY", "no");
        Client c = connect(p, List.of(Map.of("environment", "dev", "secretPath", "/")), List.of("read"));
        assertThat(c.projectId()).isEqualTo(p);

        Api.Response r = api.get(
                        "/api/v3/secrets?environment=dev&workspaceId=" + p + "&secretPath=/&include_imports=true",
                        c.bearer())
                .assertNoInternals("list");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("imports").isArray()).isTrue();
        Map<String, String> plain = new HashMap<>();
        for (JsonNode s : r.json().get("secrets")) {
            for (String field :
                    List.of("id", "version", "workspace", "type", "environment", "createdAt", "updatedAt")) {
                assertThat(s.hasNonNull(field)).as(field).isTrue();
            }
            assertThat(s.has("user")).isTrue();
            assertThat(s.get("type").asText()).isEqualTo("shared");
            assertThat(Base64.getDecoder().decode(s.get("secretValueIV").asText()))
                    .hasSize(16);
            String name = decrypt(
                    c.workspaceKey(),
                    s.get("secretKeyCiphertext").asText(),
                    s.get("secretKeyIV").asText(),
                    s.get("secretKeyTag").asText());
            String value = decrypt(
                    c.workspaceKey(),
                    s.get("secretValueCiphertext").asText(),
                    s.get("secretValueIV").asText(),
                    s.get("secretValueTag").asText());
            plain.put(name, value);
        }
        assertThat(plain).isEqualTo(Map.of("DB_URL", "postgres://db", "UNICODE", "grüße ✓", "EMPTY", ""));
        assertThat(r.body()).doesNotContain("postgres://db").doesNotContain("DB_URL");

        Api.Response one = api.get(
                        "/api/v3/secrets/DB_URL?workspaceId=" + p + "&environment=dev&type=personal&secretPath=/",
                        c.bearer())
                .assertNoInternals("get");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        JsonNode s = one.json().get("secret");
        assertThat(decrypt(
                        c.workspaceKey(),
                        s.get("secretValueCiphertext").asText(),
                        s.get("secretValueIV").asText(),
                        s.get("secretValueTag").asText()))
                .isEqualTo("postgres://db");
    }

    @Test
    void theOldPythonClientWritesSealedSecrets() {
        String p = f.project("py-write");
        Client c = connect(p, List.of(Map.of("environment", "dev", "secretPath", "/**")), List.of("read", "write"));
        Map<String, Object> create =
                new HashMap<>(body("workspaceId", p, "environment", "dev", "type", "shared", "secretPath", "/"));
        seal(create, "secretKey", c.workspaceKey(), "API_KEY");
        seal(create, "secretValue", c.workspaceKey(), "s3cr3t");
        Api.Response created =
                api.post("/api/v3/secrets/API_KEY", c.bearer(), create).assertNoInternals("create");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(f.keys(token, p, "dev", "/")).containsExactly("API_KEY");
        Api.Response raw = get("/api/v3/secrets/raw/API_KEY?workspaceId=" + p + "&environment=dev&secretPath=/");
        assertThat(raw.json().at("/secret/secretValue").asText()).isEqualTo("s3cr3t");

        Map<String, Object> update =
                new HashMap<>(body("workspaceId", p, "environment", "dev", "type", "shared", "secretPath", "/"));
        seal(update, "secretValue", c.workspaceKey(), "changed");
        Api.Response updated =
                api.patch("/api/v3/secrets/API_KEY", c.bearer(), update).assertNoInternals("update");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().at("/secret/version").asLong()).isEqualTo(2);

        Api.Response deleted = api.delete(
                        "/api/v3/secrets/API_KEY",
                        c.bearer(),
                        body("workspaceId", p, "environment", "dev", "type", "shared", "secretPath", "/"))
                .assertNoInternals("delete");
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        JsonNode s = deleted.json().get("secret");
        assertThat(decrypt(
                        c.workspaceKey(),
                        s.get("secretValueCiphertext").asText(),
                        s.get("secretValueIV").asText(),
                        s.get("secretValueTag").asText()))
                .isEqualTo("changed");
        assertThat(f.keys(token, p, "dev", "/")).isEmpty();
    }

    @Test
    void aValueSealedUnderAnotherKeyOrWithoutTheWritePermissionIsRefusedWithClearJson() {
        String p = f.project("py-bad");
        Client writer =
                connect(p, List.of(Map.of("environment", "dev", "secretPath", "/**")), List.of("read", "write"));
        Map<String, Object> wrongKey = new HashMap<>(body("workspaceId", p, "environment", "dev", "secretPath", "/"));
        seal(wrongKey, "secretValue", "ffffffffffffffffffffffffffffffff", "x");
        Api.Response r =
                api.post("/api/v3/secrets/X", writer.bearer(), wrongKey).assertNoInternals("wrong key");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).contains("workspace key");
        Map<String, Object> notBase64 = new HashMap<>(body(
                "workspaceId",
                p,
                "environment",
                "dev",
                "secretPath",
                "/",
                "secretValueCiphertext",
                "%%%",
                "secretValueIV",
                "%%%",
                "secretValueTag",
                "%%%"));
        assertThat(api.post("/api/v3/secrets/X", writer.bearer(), notBase64).status())
                .isEqualTo(400);
        assertThat(f.keys(token, p, "dev", "/")).isEmpty();

        Client reader = connect(p, List.of(Map.of("environment", "dev", "secretPath", "/**")), List.of("read"));
        Map<String, Object> ok = new HashMap<>(body("workspaceId", p, "environment", "dev", "secretPath", "/"));
        seal(ok, "secretValue", reader.workspaceKey(), "x");
        assertThat(api.post("/api/v3/secrets/X", reader.bearer(), ok).status()).isEqualTo(403);

        Api.Response identity = api.get("/api/v3/secrets?workspaceId=" + p + "&environment=dev", token)
                .assertNoInternals("identity");
        assertThat(identity.status()).isEqualTo(400);
        assertThat(identity.message()).contains("service tokens");
    }

    @Test
    void eachTokenHasItsOwnWorkspaceKey() {
        String p = f.project("py-keys");
        Client a = connect(p, List.of(Map.of("environment", "dev", "secretPath", "/")), List.of("read"));
        Client b = connect(p, List.of(Map.of("environment", "dev", "secretPath", "/")), List.of("read"));
        assertThat(a.workspaceKey()).isNotEqualTo(b.workspaceKey());
    }

    static void seal(Map<String, Object> body, String field, String key, String plaintext) {
        try {
            byte[] iv = new byte[16];
            new SecureRandom().nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "AES"),
                    new GCMParameterSpec(128, iv));
            byte[] out = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            body.put(field + "Ciphertext", b64.encodeToString(java.util.Arrays.copyOf(out, out.length - 16)));
            body.put(field + "IV", b64.encodeToString(iv));
            body.put(field + "Tag", b64.encodeToString(java.util.Arrays.copyOfRange(out, out.length - 16, out.length)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static String decrypt(String key, String ciphertext, String iv, String tag) {
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] ct = b64.decode(ciphertext);
            byte[] t = b64.decode(tag);
            byte[] whole = new byte[ct.length + t.length];
            System.arraycopy(ct, 0, whole, 0, ct.length);
            System.arraycopy(t, 0, whole, ct.length, t.length);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "AES"),
                    new GCMParameterSpec(128, b64.decode(iv)));
            return new String(c.doFinal(whole), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("does not decrypt under the key", e);
        }
    }
}
