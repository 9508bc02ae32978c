package dev.coffer.server.http;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad query parameters, ids and routes over real HTTP: query booleans and versions that are not what
 * they claim are 422, unknown routes, projects, environments and folders are 404 naming them, odd ids
 * get a 4xx and never a 500. Also the tolerant side Infisical's clients rely on: trailing slashes,
 * unknown fields, empty query values and JSON sent with another Content-Type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputQueriesAndRoutesSuite extends BadInputHarness {

    // ---------------------------------------------------------------- query parameters

    @Test
    void queryBooleansOtherThanTrueOrFalseAre422() {
        String p = project();
        String base = "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev";
        for (String q : List.of(
                "recursive=yes",
                "recursive=1",
                "recursive=TRUE",
                "viewSecretValue=no",
                "include_imports=0",
                "expandSecretReferences=True")) {
            Api.Response r = send("GET", base + "&" + q, null, Map.of());
            assertThat(r.status()).as("%s: %s", q, r.body()).isEqualTo(422);
            assertErrorFormat(r, 422, "ValidationFailure");
            assertThat(r.message()).contains(q.substring(0, q.indexOf('=')));
        }
        Api.Response folders =
                send("GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev&recursive=yes", null, Map.of());
        assertThat(folders.status()).as(folders.body()).isEqualTo(422);
        assertThat(send("GET", base + "&recursive=true", null, Map.of()).status())
                .isEqualTo(200);
        assertThat(send("GET", base + "&recursive=false", null, Map.of()).status())
                .isEqualTo(200);
    }

    @Test
    void aVersionThatIsNotANumberIs422() {
        String p = project();
        f.secret(p, "dev", "/", "VERSIONED", "v");
        for (String v : List.of("abc", "1.5", "one")) {
            Api.Response r = send(
                    "GET",
                    "/api/v3/secrets/raw/VERSIONED?workspaceId=" + p + "&environment=dev&version=" + v,
                    null,
                    Map.of());
            assertThat(r.status()).as("version=%s: %s", v, r.body()).isEqualTo(422);
            assertThat(r.message()).contains("version");
        }
        Api.Response none = send(
                "GET", "/api/v3/secrets/raw/VERSIONED?workspaceId=" + p + "&environment=dev&version=7", null, Map.of());
        assertThat(none.status()).as(none.body()).isEqualTo(404);
    }

    @Test
    void emptyQueryValuesCountAsAbsent() {
        Api.Response created = send(
                "POST", "/api/v2/workspace", body("projectName", "Empty values " + seq.incrementAndGet()), Map.of());
        String p = created.json().at("/project/id").asText();
        String slug = created.json().at("/project/slug").asText();
        f.secret(p, "dev", "/", "PRESENT", "here");
        for (String q : List.of(
                "workspaceSlug=&workspaceId=" + p + "&environment=dev",
                "workspaceId=&workspaceSlug=" + slug + "&environment=dev",
                "workspaceId=" + p + "&environment=dev&secretPath=&recursive=&viewSecretValue=&include_imports=",
                "projectId=&workspaceId=" + p + "&environment=dev&tagSlugs=")) {
            Api.Response r = send("GET", "/api/v3/secrets/raw?" + q, null, Map.of());
            assertThat(r.status()).as("%s: %s", q, r.body()).isEqualTo(200);
            assertThat(r.json().get("secrets").findValuesAsText("secretKey"))
                    .as(q)
                    .containsExactly("PRESENT");
            assertThat(r.json().at("/secrets/0/secretValue").asText()).isEqualTo("here");
        }
        Api.Response v4 =
                send("GET", "/api/v4/secrets?workspaceSlug=&projectId=" + p + "&environment=dev", null, Map.of());
        assertThat(v4.status()).as(v4.body()).isEqualTo(200);
        Api.Response one = send(
                "GET",
                "/api/v3/secrets/raw/PRESENT?workspaceSlug=&workspaceId=" + p + "&environment=dev&version=&type=",
                null,
                Map.of());
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().at("/secret/secretValue").asText()).isEqualTo("here");
        Api.Response noEnv = send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=", null, Map.of());
        assertThat(noEnv.status())
                .as("an empty required value is missing: %s", noEnv.body())
                .isEqualTo(422);
    }

    @Test
    void unknownBodyFieldsAndQueryParametersAreIgnored() {
        String p = project();
        Map<String, Object> b = body(
                "workspaceId",
                p,
                "environment",
                "dev",
                "secretValue",
                "v",
                "secretPath",
                "/",
                "someFutureField",
                Map.of("nested", List.of(1, 2, 3)),
                "anotherOne",
                true,
                "type",
                "shared");
        Api.Response r = send("POST", "/api/v3/secrets/raw/EXTRA_FIELDS", b, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/secret/secretValue").asText()).isEqualTo("v");
        Api.Response batch = send(
                "POST",
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "unknown",
                        "x",
                        "secrets",
                        List.of(body(
                                "secretKey", "EXTRA_BATCH", "secretValue", "b", "tagIds", List.of(), "whatever", 1))),
                Map.of());
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        Api.Response list = send(
                "GET",
                "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&unknownParam=1&foo=bar",
                null,
                Map.of());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("secrets").findValuesAsText("secretKey"))
                .containsExactlyInAnyOrder("EXTRA_FIELDS", "EXTRA_BATCH");
        Api.Response folder = send(
                "POST",
                "/api/v1/folders",
                body("workspaceId", p, "environment", "dev", "name", "extra", "path", "/", "colour", "blue"),
                Map.of());
        assertThat(folder.status()).as(folder.body()).isEqualTo(200);
        Api.Response project = send(
                "POST",
                "/api/v1/projects",
                body("projectName", "Extra " + seq.incrementAndGet(), "template", "default", "kmsKeyId", "nope"),
                Map.of());
        assertThat(project.status()).as(project.body()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- routes and paths

    @Test
    void trailingSlashesOnGetAndPostPathsWork() {
        String p = project();
        Api.Response create = send(
                "POST",
                "/api/v3/secrets/raw/SLASHED/",
                body("workspaceId", p, "environment", "dev", "secretValue", "s"),
                Map.of());
        assertThat(create.status()).as(create.body()).isEqualTo(200);
        assertThat(create.json().at("/secret/secretKey").asText())
                .as("the slash is not part of the name")
                .isEqualTo("SLASHED");
        Api.Response one =
                send("GET", "/api/v3/secrets/raw/SLASHED/?workspaceId=" + p + "&environment=dev", null, Map.of());
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().at("/secret/secretValue").asText()).isEqualTo("s");
        Api.Response list = send("GET", "/api/v3/secrets/raw/?workspaceId=" + p + "&environment=dev", null, Map.of());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("secrets")).hasSize(1);
        Api.Response project = send("GET", "/api/v1/projects/" + p + "/", null, Map.of());
        assertThat(project.status()).as(project.body()).isEqualTo(200);
        Api.Response newProject =
                send("POST", "/api/v2/workspace/", body("projectName", "Slash " + seq.incrementAndGet()), Map.of());
        assertThat(newProject.status()).as(newProject.body()).isEqualTo(200);
        Api.Response status = send("GET", "/api/status/", null, Map.of());
        assertThat(status.status()).as(status.body()).isEqualTo(200);

        Fixtures.Machine m = f.machine("slash-" + seq.incrementAndGet(), "member");
        Api.Response login = api.send(
                "POST",
                "/api/v1/auth/universal-auth/login/",
                null,
                Map.of("clientId", m.clientId(), "clientSecret", m.clientSecret()),
                Map.of());
        checked("POST", "/api/v1/auth/universal-auth/login/", login);
        assertThat(login.status())
                .as("the Go CLI's login path: %s", login.body())
                .isEqualTo(200);
        assertThat(login.json().get("accessToken").asText()).isNotBlank();
    }

    @Test
    void unknownRoutesAre404InTheErrorFormat() {
        for (String[] req : List.of(
                new String[] {"GET", "/api/v9/nothing"},
                new String[] {"GET", "/nothing/here"}, // "/" is the web console's home page
                new String[] {"POST", "/api/v3/secrets/raw/A/B/C"},
                new String[] {"PUT", "/api/v3/secrets/raw/X"},
                new String[] {"GET", "/api/v3/secrets/batch/raw"},
                new String[] {"GET", "/favicon.ico"})) {
            Api.Response r = send(req[0], req[1], req[0].equals("GET") ? null : "{}", Map.of());
            assertThat(r.status()).as("%s %s: %s", req[0], req[1], r.body()).isEqualTo(404);
            assertErrorFormat(r, 404, "NotFound");
            assertThat(r.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void unknownProjectEnvironmentAndFolderAre404NamingThem() {
        String p = project();
        String ghost = "7f1e0c4a-0000-4000-8000-00000000dead";
        Api.Response byId =
                send("GET", "/api/v3/secrets/raw?workspaceId=" + ghost + "&environment=dev", null, Map.of());
        assertThat(byId.status()).as(byId.body()).isEqualTo(404);
        assertErrorFormat(byId, 404, "NotFound");
        assertThat(byId.message()).contains(ghost);
        Api.Response bySlug =
                send("GET", "/api/v3/secrets/raw?workspaceSlug=no-such-project&environment=dev", null, Map.of());
        assertThat(bySlug.status()).as(bySlug.body()).isEqualTo(404);
        assertThat(bySlug.message()).contains("no-such-project");
        Api.Response write = send(
                "POST",
                "/api/v3/secrets/raw/GHOSTLY",
                body("workspaceId", ghost, "environment", "dev", "secretValue", "x"),
                Map.of());
        assertThat(write.status()).as(write.body()).isEqualTo(404);
        assertThat(write.message()).contains(ghost);
        Api.Response project = send("GET", "/api/v1/workspace/" + ghost, null, Map.of());
        assertThat(project.status()).as(project.body()).isEqualTo(404);
        assertThat(project.message()).contains(ghost);

        Api.Response env =
                send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=nope-env", null, Map.of());
        assertThat(env.status()).as(env.body()).isEqualTo(404);
        assertErrorFormat(env, 404, "NotFound");
        assertThat(env.message()).contains("nope-env");
        Api.Response envWrite = send(
                "POST",
                "/api/v3/secrets/raw/X",
                body("workspaceId", p, "environment", "nope-env", "secretValue", "x"),
                Map.of());
        assertThat(envWrite.status()).as(envWrite.body()).isEqualTo(404);
        assertThat(envWrite.message()).contains("nope-env");
        Api.Response envPatch =
                send("PATCH", "/api/v1/workspace/" + p + "/environments/" + ghost, body("name", "x"), Map.of());
        assertThat(envPatch.status()).as(envPatch.body()).isEqualTo(404);
        assertThat(envPatch.message()).contains(ghost);

        Api.Response folderById = send("GET", "/api/v1/folders/" + ghost, null, Map.of());
        assertThat(folderById.status()).as(folderById.body()).isEqualTo(404);
        assertThat(folderById.message()).contains(ghost);
        Api.Response inMissingFolder = send(
                "POST",
                "/api/v3/secrets/raw/X",
                body("workspaceId", p, "environment", "dev", "secretPath", "/ghost-folder", "secretValue", "x"),
                Map.of());
        assertThat(inMissingFolder.status()).as(inMissingFolder.body()).isEqualTo(404);
        assertThat(inMissingFolder.message()).contains("/ghost-folder");
        Api.Response readMissingFolder = send(
                "GET",
                "/api/v3/secrets/raw/X?workspaceId=" + p + "&environment=dev&secretPath=/ghost-folder",
                null,
                Map.of());
        assertThat(readMissingFolder.status()).as(readMissingFolder.body()).isEqualTo(404);
        Api.Response deleteMissing = send(
                "DELETE",
                "/api/v1/folders/ghost-folder",
                body("workspaceId", p, "environment", "dev", "path", "/"),
                Map.of());
        assertThat(deleteMissing.status()).as(deleteMissing.body()).isEqualTo(404);
        assertThat(deleteMissing.message()).contains("ghost-folder");
        assertThat(keys(p, "/")).isEmpty();
    }

    @Test
    void aJsonBodyWithANonJsonContentTypeIsReadAsJson() throws Exception {
        // observed and kept: the server reads every body as JSON whatever the Content-Type, as Infisical's
        // clients all send JSON; what matters is that the result is the same as with application/json
        String p = project();
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/octet-stream")) {
            String name = "CT_" + seq.incrementAndGet();
            byte[] json = Api.JSON.writeValueAsBytes(
                    body("workspaceId", p, "environment", "dev", "secretValue", "typed " + type));
            Api.Response r =
                    raw("POST", "/api/v3/secrets/raw/" + name, type, HttpRequest.BodyPublishers.ofByteArray(json));
            assertThat(r.status()).as("%s: %s", type, r.body()).isEqualTo(200);
            Api.Response got = send(
                    "GET", "/api/v3/secrets/raw/" + name + "?workspaceId=" + p + "&environment=dev", null, Map.of());
            assertThat(got.json().at("/secret/secretValue").asText()).isEqualTo("typed " + type);
        }
        Api.Response form = raw(
                "POST",
                "/api/v3/secrets/raw/FORM",
                "application/x-www-form-urlencoded",
                HttpRequest.BodyPublishers.ofString("workspaceId=" + p + "&environment=dev&secretValue=x"));
        assertThat(form.status())
                .as("a real form body is not JSON: %s", form.body())
                .isEqualTo(400);
        assertErrorFormat(form, 400, "BadRequest");
        assertThat(keys(p, "/")).hasSize(3).doesNotContain("FORM");
    }

    @Test
    void oddIdsAndValuesGetA4xxNeverA500OrAStackTrace() {
        // a sweep of odd requests; each answer is checked here and again when the class ends
        String p = project();
        List<Api.Response> odd = List.of(
                send("GET", "/api/v3/secrets/raw", null, Map.of()),
                send("GET", "/api/v3/secrets/raw?workspaceId=not-a-uuid-or-slug!&environment=dev", null, Map.of()),
                send("GET", "/api/v1/projects/%00", null, Map.of()),
                send("GET", "/api/v2/workspace/%00", null, Map.of()),
                send("GET", "/api/v3/secrets/raw?workspaceSlug=%00&environment=dev", null, Map.of()),
                send("POST", "/api/v3/secrets/raw/X", body("workspaceId", "\u0000", "environment", "dev"), Map.of()),
                send("GET", "/api/v2/workspace/" + p + "/identity-memberships/%00", null, Map.of()),
                send("DELETE", "/api/v2/workspace/" + p + "/identity-memberships/%00", "{}", Map.of()),
                send("PATCH", "/api/v1/workspace/" + p + "/environments/%00", body("name", "x"), Map.of()),
                send("GET", "/api/v1/folders/%00", null, Map.of()),
                send(
                        "DELETE",
                        "/api/v1/folders/%00",
                        body("workspaceId", p, "environment", "dev", "path", "/"),
                        Map.of()),
                send("GET", "/api/v3/secrets/raw/%00?workspaceId=" + p + "&environment=dev", null, Map.of()),
                send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=%00", null, Map.of()),
                send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=%00", null, Map.of()),
                send(
                        "POST",
                        "/api/v3/secrets/raw/" + "K".repeat(300),
                        body("workspaceId", p, "environment", "dev"),
                        Map.of()),
                send(
                        "POST",
                        "/api/v3/secrets/batch/raw",
                        body("workspaceId", p, "environment", "dev", "secrets", List.of()),
                        Map.of()),
                send(
                        "PATCH",
                        "/api/v3/secrets/batch/raw",
                        body(
                                "workspaceId",
                                p,
                                "environment",
                                "dev",
                                "mode",
                                "sideways",
                                "secrets",
                                List.of(body("secretKey", "A"))),
                        Map.of()),
                send(
                        "POST",
                        "/api/v3/secrets/raw/X",
                        body("workspaceId", p, "environment", "dev", "type", "weird"),
                        Map.of()),
                send(
                        "POST",
                        "/api/v3/secrets/raw/X",
                        body("workspaceId", p, "environment", "dev", "secretReminderRepeatDays", "soon"),
                        Map.of()),
                send(
                        "POST",
                        "/api/v3/secrets/raw/X",
                        body("workspaceId", p, "environment", "dev", "secretReminderRepeatDays", 1e30),
                        Map.of()),
                send(
                        "POST",
                        "/api/v1/workspace/" + p + "/environments",
                        body("name", "x", "slug", "y", "position", "first"),
                        Map.of()),
                send(
                        "DELETE",
                        "/api/v1/folders/%2e%2e",
                        body("workspaceId", p, "environment", "dev", "path", "/.."),
                        Map.of()),
                send(
                        "GET",
                        "/api/v1/folders?workspaceId=" + p + "&environment=dev&path=" + "/a".repeat(40),
                        null,
                        Map.of()));
        for (Api.Response r : odd) {
            assertThat(r.status()).as(r.body()).isBetween(400, 499);
            assertThat(r.json()).as("JSON error body: %s", r.body()).isNotNull();
            assertThat(r.json().get("reqId").asText()).startsWith("req-");
            assertThat(r.message()).isNotBlank();
        }
        assertThat(keys(p, "/")).isEmpty();
    }
}
