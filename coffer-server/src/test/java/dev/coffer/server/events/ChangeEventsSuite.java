package dev.coffer.server.events;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a subscriber to change events ({@code POST /api/v1/events/subscribe/project-events}) hears, against
 * a real server: a write at once with its type, place, name and version and never a value; one
 * event per batch; only the environment and path it registered for; only what its role or service token
 * lets it read; import mutations; moves and rollbacks as the changes they make.
 */
abstract class ChangeEventsSuite extends EventsHarness {

    @Test
    void aCreateUpdateAndDeleteReachASubscriberAtOnceWithNamesAndVersionsButNeverAValue() throws Exception {
        String p = project();
        try (SseStream s = subscribe(token, p, on("secret:create"), on("secret:update"), on("secret:delete"))) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.header("content-type")).startsWith("text/event-stream");
            assertThat(s.header("cache-control")).isEqualTo("no-cache");
            assertThat(s.header("x-accel-buffering")).isEqualTo("no");

            String id = write("POST", p, "dev", "/", "DB_URL", "the-first-value")
                    .json()
                    .at("/secret/id")
                    .asText();
            SseStream.Message created = s.nextEvent(PROMPTLY);
            assertThat(created).as("the create event").isNotNull();
            assertThat(created.event()).isEqualTo("secret:create");
            assertThat(created.id()).isNotBlank();
            assertThat(created.data().path("projectType").asText()).isEqualTo("secret-manager");
            assertThat(created.data().at("/data/eventType").asText()).isEqualTo("secret:create");
            assertThat(payload(created)).hasSize(1);
            JsonNode item = payload(created).get(0);
            assertThat(item.path("environment").asText()).isEqualTo("dev");
            assertThat(item.path("secretPath").asText()).isEqualTo("/");
            assertThat(item.path("secretKey").asText()).isEqualTo("DB_URL");
            assertThat(item.path("secretId").asText()).isEqualTo(id);
            assertThat(item.path("secretVersion").asLong()).isEqualTo(1);

            write("PATCH", p, "dev", "/", "DB_URL", "the-second-value");
            SseStream.Message updated = s.nextEvent(PROMPTLY);
            assertThat(updated).as("the update event").isNotNull();
            assertThat(updated.event()).isEqualTo("secret:update");
            assertThat(payload(updated).get(0).path("secretVersion").asLong()).isEqualTo(2);

            assertThat(send("DELETE", "/api/v3/secrets/raw/DB_URL", body("workspaceId", p, "environment", "dev"))
                            .status())
                    .isEqualTo(200);
            SseStream.Message deleted = s.nextEvent(PROMPTLY);
            assertThat(deleted).as("the delete event").isNotNull();
            assertThat(deleted.event()).isEqualTo("secret:delete");
            assertThat(payload(deleted).get(0).path("secretKey").asText()).isEqualTo("DB_URL");

            assertThat(s.text())
                    .doesNotContain("the-first-value")
                    .doesNotContain("the-second-value")
                    .doesNotContain("a comment that must not appear");
        }
    }

    @Test
    void aBatchWriteIsOneEventNamingEverySecretItTouched() throws Exception {
        String p = project();
        try (SseStream s = subscribe(token, p, on("secret:create"))) {
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
                            List.of(
                                    body("secretKey", "A", "secretValue", "a"),
                                    body("secretKey", "B", "secretValue", "b"),
                                    body("secretKey", "C", "secretValue", "c"))));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            SseStream.Message m = s.nextEvent(PROMPTLY);
            assertThat(m).isNotNull();
            assertThat(payload(m).findValuesAsText("secretKey")).containsExactly("A", "B", "C");
        }
    }

    @Test
    void aSubscriberHearsOnlyItsEnvironmentAndPathGlob() throws Exception {
        String p = project();
        f.folder(p, "dev", "/", "ci");
        f.folder(p, "dev", "/ci", "deep");
        f.folder(p, "dev", "/", "ci-other");
        f.folder(p, "prod", "/", "ci");
        try (SseStream s = subscribe(token, p, on("secret:create", "dev", "/ci/**"))) {
            write("POST", p, "dev", "/ci-other", "NOT_ME", "x");
            write("POST", p, "prod", "/ci", "NOR_ME", "x");
            write("POST", p, "dev", "/ci/deep", "DEEP", "x");
            write("POST", p, "dev", "/ci", "TOP", "x");
            SseStream.Message first = s.nextEvent(PROMPTLY);
            SseStream.Message second = s.nextEvent(PROMPTLY);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            assertThat(payload(first).get(0).path("secretPath").asText()).isEqualTo("/ci/deep");
            assertThat(payload(second).get(0).path("secretPath").asText()).isEqualTo("/ci");
        }
        try (SseStream exact = subscribe(token, p, on("secret:update", "dev", "/ci"))) {
            write("PATCH", p, "dev", "/ci/deep", "DEEP", "y");
            write("PATCH", p, "dev", "/ci", "TOP", "y");
            SseStream.Message m = exact.nextEvent(PROMPTLY);
            assertThat(m).isNotNull();
            assertThat(payload(m).get(0).path("secretKey").asText())
                    .as("a plain path is that folder only")
                    .isEqualTo("TOP");
        }
    }

    @Test
    void aSubscriberGetsNoEventForAFolderItsRoleMayNotRead() throws Exception {
        String p = project();
        f.folder(p, "dev", "/", "allowed");
        f.folder(p, "dev", "/", "denied");
        Api.Response role = post(
                "/api/v2/workspace/" + p + "/roles",
                body(
                        "slug",
                        "allowed-reader",
                        "name",
                        "Allowed reader",
                        "permissions",
                        List.of(body(
                                "subject",
                                "secrets",
                                "action",
                                List.of("read"),
                                "conditions",
                                body("secretPath", body("$glob", "/allowed/**"))))));
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        Fixtures.Machine m = f.machine("limited-" + SEQ.incrementAndGet(), "no-access");
        f.member(p, m.id(), "allowed-reader");
        try (SseStream s = subscribe(m.token(), p, on("secret:create"))) {
            assertThat(s.status()).isEqualTo(200);
            write("POST", p, "dev", "/denied", "HIDDEN_NAME", "x");
            write("POST", p, "dev", "/allowed", "SEEN", "x");
            SseStream.Message first = s.nextEvent(PROMPTLY);
            assertThat(first).isNotNull();
            assertThat(payload(first).get(0).path("secretKey").asText()).isEqualTo("SEEN");
            assertThat(s.text()).doesNotContain("HIDDEN_NAME");
        }
    }

    @Test
    void anImportingFolderHearsThatAFolderItImportsChanged() throws Exception {
        String p = project();
        f.folder(p, "dev", "/", "shared");
        f.folder(p, "prod", "/", "app");
        Api.Response imp = post(
                "/api/v1/secret-imports",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "prod",
                        "path",
                        "/app",
                        "import",
                        body("environment", "dev", "path", "/shared")));
        assertThat(imp.status()).as(imp.body()).isEqualTo(200);
        try (SseStream s = subscribe(token, p, on("secret:import-mutation", "prod", "/app"))) {
            write("POST", p, "dev", "/shared", "SHARED_KEY", "x");
            SseStream.Message m = s.nextEvent(PROMPTLY);
            assertThat(m).as("an import-mutation event").isNotNull();
            assertThat(m.event()).isEqualTo("secret:import-mutation");
            assertThat(payload(m).get(0).path("environment").asText()).isEqualTo("prod");
            assertThat(payload(m).get(0).path("secretPath").asText()).isEqualTo("/app");
        }
    }

    @Test
    void addingOrRemovingAnImportIsAnImportMutationOfTheImportingFolder() throws Exception {
        String p = project();
        f.folder(p, "dev", "/", "shared");
        f.folder(p, "prod", "/", "app");
        try (SseStream s = subscribe(token, p, on("secret:import-mutation", "prod", "/app"))) {
            Api.Response imp = post(
                    "/api/v1/secret-imports",
                    body(
                            "workspaceId",
                            p,
                            "environment",
                            "prod",
                            "path",
                            "/app",
                            "import",
                            body("environment", "dev", "path", "/shared")));
            assertThat(imp.status()).as(imp.body()).isEqualTo(200);
            SseStream.Message added = s.nextEvent(PROMPTLY);
            assertThat(added).as("an import-mutation event for the new import").isNotNull();
            assertThat(payload(added).get(0).path("secretPath").asText()).isEqualTo("/app");

            Api.Response removed = delete(
                    "/api/v1/secret-imports/"
                            + imp.json().at("/secretImport/id").asText(),
                    body("workspaceId", p, "environment", "prod", "path", "/app"));
            assertThat(removed.status()).as(removed.body()).isEqualTo(200);
            SseStream.Message gone = s.nextEvent(PROMPTLY);
            assertThat(gone)
                    .as("an import-mutation event for the removed import")
                    .isNotNull();
            assertThat(payload(gone).get(0).path("environment").asText()).isEqualTo("prod");
        }
    }

    @Test
    void aMoveIsADeleteWhereTheSecretWasAndACreateWhereItWent() throws Exception {
        String p = project();
        f.folder(p, "prod", "/", "api");
        String id = write("POST", p, "dev", "/", "MOVED", "x")
                .json()
                .at("/secret/id")
                .asText();
        try (SseStream s = subscribe(token, p, on("secret:create"), on("secret:delete"))) {
            Api.Response r = post(
                    "/api/v4/secrets/move",
                    body(
                            "projectId",
                            p,
                            "sourceEnvironment",
                            "dev",
                            "sourceSecretPath",
                            "/",
                            "destinationEnvironment",
                            "prod",
                            "destinationSecretPath",
                            "/api",
                            "secretIds",
                            List.of(id),
                            "shouldOverwrite",
                            false));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                SseStream.Message m = s.nextEvent(PROMPTLY);
                assertThat(m).isNotNull();
                JsonNode item = payload(m).get(0);
                seen.add(m.event() + " " + item.path("environment").asText() + " "
                        + item.path("secretPath").asText() + " "
                        + item.path("secretKey").asText());
            }
            assertThat(seen).containsExactlyInAnyOrder("secret:delete dev / MOVED", "secret:create prod /api MOVED");
        }
    }

    @Test
    void rollingASecretOrAFolderBackIsHeardAsTheChangesItMakes() throws Exception {
        String p = project();
        String id = write("POST", p, "dev", "/", "ROLLED", "first")
                .json()
                .at("/secret/id")
                .asText();
        write("PATCH", p, "dev", "/", "ROLLED", "second");
        String before = get("/api/v1/folder-commits?projectId=" + p + "&environment=dev&path=/")
                .json()
                .findValuesAsText("id")
                .getFirst();
        try (SseStream s = subscribe(token, p, on("secret:create"), on("secret:update"), on("secret:delete"))) {
            Api.Response one = post("/api/v1/secret/" + id + "/rollback", body("version", 1));
            assertThat(one.status()).as(one.body()).isEqualTo(200);
            SseStream.Message m = s.nextEvent(PROMPTLY);
            assertThat(m).isNotNull();
            assertThat(m.event()).isEqualTo("secret:update");
            assertThat(payload(m).get(0).path("secretVersion").asLong()).isEqualTo(3);

            write("POST", p, "dev", "/", "LATER", "x");
            assertThat(s.nextEvent(PROMPTLY).event()).isEqualTo("secret:create");
            Api.Response folder = post(
                    "/api/v1/folder-commits/rollback",
                    body("projectId", p, "environment", "dev", "path", "/", "commitId", before));
            assertThat(folder.status()).as(folder.body()).isEqualTo(200);
            List<String> heard = new ArrayList<>();
            for (SseStream.Message e = s.nextEvent(PROMPTLY); e != null; e = s.nextEvent(Duration.ofSeconds(2))) {
                for (JsonNode item : payload(e))
                    heard.add(e.event() + " " + item.path("secretKey").asText());
            }
            assertThat(heard).contains("secret:delete LATER");
            assertThat(s.text()).doesNotContain("first").doesNotContain("second");
        }
    }

    @Test
    void aServiceTokenHearsOnlyTheChangesInsideItsScope() throws Exception {
        String p = project();
        f.folder(p, "dev", "/", "api");
        Api.Response created = post(
                "/api/v2/service-token",
                body(
                        "name",
                        "ci",
                        "workspaceId",
                        p,
                        "scopes",
                        List.of(body("environment", "dev", "secretPath", "/api")),
                        "permissions",
                        List.of("read")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String[] parts = created.json().path("serviceToken").asText().split("\\.");
        String bearer = parts[0] + "." + parts[1] + "." + parts[2];
        try (SseStream s = subscribe(bearer, p, on("secret:create"))) {
            assertThat(s.status()).as(s.text()).isEqualTo(200);
            write("POST", p, "dev", "/", "OUTSIDE_SCOPE", "x");
            write("POST", p, "dev", "/api", "IN_SCOPE", "x");
            SseStream.Message m = s.nextEvent(PROMPTLY);
            assertThat(m).isNotNull();
            assertThat(payload(m).get(0).path("secretKey").asText()).isEqualTo("IN_SCOPE");
            assertThat(s.text()).doesNotContain("OUTSIDE_SCOPE");
        }
    }
}
