package dev.coffer.server.secrets;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.ApiSuite;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the secret-route suites share: a server of their own, the admin's token, requests whose every
 * answer is checked for leaked internals, and readers of Infisical's raw secret objects. Every test
 * works in a project of its own.
 */
abstract class SecretsApiHarness extends ApiSuite {

    abstract Backend backend();

    static final List<String> RAW_SECRET_FIELDS = List.of(
            "id",
            "_id",
            "workspace",
            "environment",
            "version",
            "type",
            "secretKey",
            "secretValue",
            "secretComment",
            "secretReminderNote",
            "secretReminderRepeatDays",
            "skipMultilineEncoding",
            "createdAt",
            "updatedAt",
            "secretPath",
            "secretValueHidden",
            "secretMetadata",
            "tags");

    final AtomicInteger seq = new AtomicInteger();

    @Override
    protected TestServer newServer() {
        return TestServer.start(backend());
    }

    // ---------------------------------------------------------------- helpers

    String project() {
        return f.project("Secrets " + seq.incrementAndGet());
    }

    JsonNode list(String p, String env, String path) {
        Api.Response r = get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=" + env + "&secretPath=" + path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static void assertEveryField(JsonNode secret) {
        assertThat(secret).as("secret object").isNotNull();
        List<String> names = new ArrayList<>();
        secret.fieldNames().forEachRemaining(names::add);
        assertThat(names).as("fields of %s", secret).containsAll(RAW_SECRET_FIELDS);
    }

    /** secretKey → secretValue of a {secrets:[…]} body. */
    static Map<String, String> values(JsonNode body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode s : body.get("secrets"))
            out.put(s.get("secretKey").asText(), s.get("secretValue").asText());
        return out;
    }

    static Map<String, Object> item(String key, String value) {
        return body("secretKey", key, "secretValue", value);
    }
}
