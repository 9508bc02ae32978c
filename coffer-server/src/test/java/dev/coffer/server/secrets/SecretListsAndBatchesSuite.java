package dev.coffer.server.secrets;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Listing and batch secret routes over real HTTP: recursive listing with each secret's path, one
 * environment at a time, hidden values, ETags, and batches that create, update, upsert and delete all
 * or nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecretListsAndBatchesSuite extends SecretsApiHarness {

    // ---------------------------------------------------------------- listing

    @Test
    void recursiveListingReturnsTheSecretsOfSubfoldersWithTheirSecretPath() {
        String p = project();
        f.folder(p, "dev", "/", "app");
        f.folder(p, "dev", "/app", "db");
        f.folder(p, "dev", "/", "other");
        f.secret(p, "dev", "/", "ROOT_KEY", "r");
        f.secret(p, "dev", "/app", "APP_KEY", "a");
        f.secret(p, "dev", "/app/db", "DB_KEY", "d");
        f.secret(p, "dev", "/other", "OTHER_KEY", "o");

        Map<String, String> all =
                paths(get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/&recursive=true"));
        assertThat(all)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("ROOT_KEY", "/", "APP_KEY", "/app", "DB_KEY", "/app/db", "OTHER_KEY", "/other"));

        Map<String, String> app =
                paths(get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/app&recursive=true"));
        assertThat(app).containsExactlyInAnyOrderEntriesOf(Map.of("APP_KEY", "/app", "DB_KEY", "/app/db"));

        Map<String, String> flat =
                paths(get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/app"));
        assertThat(flat).containsExactlyInAnyOrderEntriesOf(Map.of("APP_KEY", "/app"));

        Api.Response got = get("/api/v3/secrets/raw/DB_KEY?workspaceId=" + p + "&environment=dev&secretPath=/app/db");
        assertThat(got.json().at("/secret/secretPath").asText()).isEqualTo("/app/db");
        assertThat(got.json().at("/secret/secretValue").asText()).isEqualTo("d");
    }

    @Test
    void listingIsLimitedToTheEnvironmentAsked() {
        String p = project();
        f.secret(p, "dev", "/", "DEV_ONLY", "d");
        f.secret(p, "prod", "/", "PROD_ONLY", "p");
        assertThat(f.keys(token, p, "dev", "/")).containsExactly("DEV_ONLY");
        assertThat(f.keys(token, p, "prod", "/")).containsExactly("PROD_ONLY");
        assertThat(f.keys(token, p, "staging", "/")).isEmpty();
    }

    @Test
    void viewSecretValueFalseHidesValuesInListAndGet() {
        String p = project();
        f.secret(p, "dev", "/", "HIDDEN", "top-secret-value");
        Api.Response list = get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&viewSecretValue=false");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        JsonNode s = list.json().at("/secrets/0");
        assertThat(s.get("secretValue").asText()).isEqualTo("<hidden-by-infisical>");
        assertThat(s.get("secretValueHidden").asBoolean()).isTrue();
        assertThat(list.body()).doesNotContain("top-secret-value");

        Api.Response one =
                get("/api/v3/secrets/raw/HIDDEN?workspaceId=" + p + "&environment=dev&viewSecretValue=false");
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().at("/secret/secretValue").asText()).isEqualTo("<hidden-by-infisical>");
        assertThat(one.json().at("/secret/secretValueHidden").asBoolean()).isTrue();
        assertThat(one.body()).doesNotContain("top-secret-value");

        Api.Response shown =
                get("/api/v3/secrets/raw/HIDDEN?workspaceId=" + p + "&environment=dev&viewSecretValue=true");
        assertThat(shown.json().at("/secret/secretValue").asText()).isEqualTo("top-secret-value");
        assertThat(shown.json().at("/secret/secretValueHidden").asBoolean()).isFalse();
    }

    @Test
    void theListHasAnETagThatAnswers304UntilSomethingChanges() {
        String p = project();
        f.secret(p, "dev", "/", "ETAGGED", "one");
        String url = "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/";
        Api.Response first = get(url);
        String etag = first.header("ETag");
        assertThat(etag).as("ETag header").isNotBlank();
        assertThat(get(url).header("ETag")).as("stable while nothing changes").isEqualTo(etag);

        Api.Response notModified = api.send("GET", url, token, null, Map.of("If-None-Match", etag));
        assertThat(notModified.status()).as(notModified.body()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();

        Api.Response otherTag = api.send("GET", url, token, null, Map.of("If-None-Match", "\"something-else\""));
        assertThat(otherTag.status()).isEqualTo(200);
        assertThat(otherTag.json().get("secrets")).hasSize(1);

        patch("/api/v3/secrets/raw/ETAGGED", body("workspaceId", p, "environment", "dev", "secretValue", "two"));
        Api.Response changed = api.send("GET", url, token, null, Map.of("If-None-Match", etag));
        assertThat(changed.status()).as("a stale ETag gets the new list").isEqualTo(200);
        assertThat(changed.header("ETag")).isNotBlank().isNotEqualTo(etag);
        assertThat(values(changed.json())).containsEntry("ETAGGED", "two");
    }

    // ---------------------------------------------------------------- batches

    @Test
    void batchCreateCreatesEverySecret() {
        String p = project();
        Api.Response r = post(
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretPath",
                        "/",
                        "secrets",
                        List.of(item("B1", "one"), item("B2", "two"), item("B3", "three\n"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("secrets")).hasSize(3);
        assertEveryField(r.json().at("/secrets/0"));
        assertThat(values(list(p, "dev", "/")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("B1", "one", "B2", "two", "B3", "three\n"));
    }

    @Test
    void aBatchWithADuplicateKeyIs400AndWritesNothing() {
        String p = project();
        Api.Response r = post(
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretPath",
                        "/",
                        "secrets",
                        List.of(item("D1", "one"), item("D2", "two"), item("D1", "again"))));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.message()).contains("D1");
        assertThat(list(p, "dev", "/").get("secrets")).isEmpty();
    }

    @Test
    void aBatchWithAKeyThatAlreadyExistsIs400AndWritesNothingFromTheBatch() {
        String p = project();
        f.secret(p, "dev", "/", "EXISTING", "keep-me");
        // the existing key comes last, so the earlier inserts must be rolled back
        Api.Response r = post(
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretPath",
                        "/",
                        "secrets",
                        List.of(item("NEW1", "one"), item("NEW2", "two"), item("EXISTING", "overwritten"))));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.message()).contains("EXISTING");
        assertThat(values(list(p, "dev", "/"))).containsExactlyEntriesOf(Map.of("EXISTING", "keep-me"));
        assertThat(get("/api/v3/secrets/raw/EXISTING?workspaceId=" + p + "&environment=dev")
                        .json()
                        .at("/secret/version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void batchPatchByDefaultFailsOnAMissingKeyAndWritesNothing() {
        String p = project();
        f.secret(p, "dev", "/", "P1", "one");
        f.secret(p, "dev", "/", "P2", "two");
        Api.Response r = patch(
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretPath",
                        "/",
                        "secrets",
                        List.of(item("P1", "one-changed"), item("P2", "two-changed"), item("P_MISSING", "x"))));
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.message()).contains("P_MISSING");
        assertThat(values(list(p, "dev", "/"))).containsExactlyInAnyOrderEntriesOf(Map.of("P1", "one", "P2", "two"));
        assertThat(get("/api/v3/secrets/raw/P1?workspaceId=" + p + "&environment=dev")
                        .json()
                        .at("/secret/version")
                        .asLong())
                .as("no new version was written")
                .isEqualTo(1);
    }

    @Test
    void batchPatchUpdatesEveryNamedSecret() {
        String p = project();
        f.secret(p, "dev", "/", "U1", "one");
        f.secret(p, "dev", "/", "U2", "two");
        Api.Response r = patch(
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretPath",
                        "/",
                        "mode",
                        "failOnNotFound",
                        "secrets",
                        List.of(item("U1", "one-changed"), item("U2", "two-changed"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("secrets").findValuesAsText("version")).containsExactly("2", "2");
        assertThat(values(list(p, "dev", "/")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("U1", "one-changed", "U2", "two-changed"));
    }

    @Test
    void batchPatchInUpsertModeCreatesTheMissingSecret() {
        String p = project();
        f.secret(p, "dev", "/", "UP1", "one");
        Api.Response r = patch(
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretPath",
                        "/",
                        "mode",
                        "upsert",
                        "secrets",
                        List.of(item("UP1", "one-changed"), item("UP_NEW", "created"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("secrets")).hasSize(2);
        assertThat(values(list(p, "dev", "/")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("UP1", "one-changed", "UP_NEW", "created"));
        assertThat(get("/api/v3/secrets/raw/UP1?workspaceId=" + p + "&environment=dev")
                        .json()
                        .at("/secret/version")
                        .asLong())
                .isEqualTo(2);
        assertThat(get("/api/v3/secrets/raw/UP_NEW?workspaceId=" + p + "&environment=dev")
                        .json()
                        .at("/secret/version")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void batchDeleteIsAllOrNothing() {
        String p = project();
        f.secret(p, "dev", "/", "X1", "one");
        f.secret(p, "dev", "/", "X2", "two");
        f.secret(p, "dev", "/", "X3", "three");
        Api.Response r = delete(
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretPath",
                        "/",
                        "secrets",
                        List.of(
                                Map.of("secretKey", "X1"),
                                Map.of("secretKey", "X2"),
                                Map.of("secretKey", "X_MISSING"))));
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.message()).contains("X_MISSING");
        assertThat(f.keys(token, p, "dev", "/")).containsExactlyInAnyOrder("X1", "X2", "X3");

        Api.Response ok = delete(
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretPath",
                        "/",
                        "secrets",
                        List.of(Map.of("secretKey", "X1"), Map.of("secretKey", "X3"))));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(values(ok.json())).containsExactlyInAnyOrderEntriesOf(Map.of("X1", "one", "X3", "three"));
        assertThat(f.keys(token, p, "dev", "/")).containsExactly("X2");
    }

    // ---------------------------------------------------------------- helpers

    /** secretKey → secretPath of a list answer. */
    private static Map<String, String> paths(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode s : r.json().get("secrets"))
            out.put(s.get("secretKey").asText(), s.get("secretPath").asText());
        return out;
    }

    // ---------------------------------------------------------------- what is stored is what was sent

    @Test
    void reminderDaysOutsideZeroTo365AreRefusedInsteadOfStoredAsAnotherNumber() {
        String p = project();
        for (Object days : List.of(4_294_967_301L, -1, 366)) {
            Api.Response single = post(
                    "/api/v3/secrets/raw/REMIND",
                    body("workspaceId", p, "environment", "dev", "secretValue", "v", "secretReminderRepeatDays", days));
            assertThat(single.status()).as("%s: %s", days, single.body()).isEqualTo(422);
            assertThat(single.message()).contains("secretReminderRepeatDays").contains("0 to 365");
            Api.Response batch = post(
                    "/api/v4/secrets/batch",
                    body(
                            "projectId",
                            p,
                            "environment",
                            "dev",
                            "secrets",
                            List.of(body("secretKey", "REMIND", "secretReminderRepeatDays", days))));
            assertThat(batch.status()).as("%s: %s", days, batch.body()).isEqualTo(422);
        }
        assertThat(values(list(p, "dev", "/"))).isEmpty();
        Api.Response ok = post(
                "/api/v3/secrets/raw/REMIND",
                body("workspaceId", p, "environment", "dev", "secretValue", "v", "secretReminderRepeatDays", 365));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(get("/api/v3/secrets/raw/REMIND?workspaceId=" + p + "&environment=dev")
                        .json()
                        .at("/secret/secretReminderRepeatDays")
                        .asInt())
                .isEqualTo(365);
    }
}
