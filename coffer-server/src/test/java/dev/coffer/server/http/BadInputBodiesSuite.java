package dev.coffer.server.http;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad request bodies over real HTTP: malformed JSON, invalid UTF-8, bodies that are not objects, wrong
 * field types, missing required fields and NUL characters all get a clear 4xx naming the problem, never
 * echo the body, and write nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputBodiesSuite extends BadInputHarness {

    // ---------------------------------------------------------------- malformed JSON

    @Test
    void malformedJsonIs400InTheErrorFormatWithoutEchoingTheBody() {
        String p = project();
        List<String> bodies = List.of(
                "{\"workspaceId\": \"" + p + "\", \"environment\": \"dev\", \"secretValue\": \"MARKER123",
                "{\"workspaceId\": \"" + p + "\", \"secretValue\": MARKER123}",
                "{\"secretValue\": \"MARKER123\",}",
                "{'secretValue': 'MARKER123'}",
                "MARKER123",
                "{\"secretValue\": \"MARKER123\"} trailing");
        for (String bad : bodies) {
            for (String path : List.of(
                    "/api/v3/secrets/raw/MALFORMED",
                    "/api/v3/secrets/batch/raw",
                    "/api/v1/folders",
                    "/api/v2/workspace")) {
                Api.Response r = send("POST", path, bad, Map.of());
                assertThat(r.status())
                        .as("%s with [%s]: %s", path, bad, r.body())
                        .isEqualTo(400);
                assertErrorFormat(r, 400, "BadRequest");
                assertThat(r.message()).containsIgnoringCase("JSON");
                assertThat(r.body()).doesNotContain("MARKER123");
            }
        }
        assertThat(keys(p, "/")).isEmpty();
    }

    @Test
    void aValidObjectFollowedByMoreContentIsMalformedAndWritesNothing() {
        String p = project();
        String good = "{\"workspaceId\":\"" + p + "\",\"environment\":\"dev\",\"secretValue\":\"x\"}";
        for (String bad : List.of(good + " garbage", good + good, good + "]", good + ",{}")) {
            Api.Response r = send("POST", "/api/v3/secrets/raw/TRAILING", bad, Map.of());
            assertThat(r.status()).as("[%s]: %s", bad, r.body()).isEqualTo(400);
            assertErrorFormat(r, 400, "BadRequest");
        }
        assertThat(keys(p, "/")).isEmpty();
        Api.Response ok = send("POST", "/api/v3/secrets/raw/TRAILING", good + " \n\t ", Map.of());
        assertThat(ok.status()).as("trailing whitespace is fine: %s", ok.body()).isEqualTo(200);
    }

    @Test
    void invalidUtf8InTheBodyIs400() {
        String p = project();
        byte[] prefix = ("{\"workspaceId\":\"" + p + "\",\"environment\":\"dev\",\"secretValue\":\"")
                .getBytes(StandardCharsets.UTF_8);
        byte[] body = Arrays.copyOf(prefix, prefix.length + 4);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = '"';
        body[prefix.length + 3] = '}';
        Api.Response r = send("POST", "/api/v3/secrets/raw/BAD_UTF8", body, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertErrorFormat(r, 400, "BadRequest");
        assertThat(keys(p, "/")).isEmpty();
    }

    @Test
    void aBodyThatIsNotAnObjectIs422() {
        String p = project();
        for (String body : List.of("[1, 2]", "\"just a string\"", "42", "true")) {
            Api.Response r = send("POST", "/api/v3/secrets/raw/NOT_OBJECT", body, Map.of());
            assertThat(r.status()).as("[%s]: %s", body, r.body()).isEqualTo(422);
            assertErrorFormat(r, 422, "ValidationFailure");
        }
        assertThat(keys(p, "/")).isEmpty();
    }

    // ---------------------------------------------------------------- wrong types

    @Test
    void wrongFieldTypesAre422ValidationFailureNamingTheField() {
        String p = project();
        Map<String, Map<String, Object>> cases = new LinkedHashMap<>();
        cases.put("secretValue", body("workspaceId", p, "environment", "dev", "secretValue", 5));
        cases.put("environment", body("workspaceId", p, "environment", Map.of(), "secretValue", "x"));
        cases.put(
                "secretComment",
                body("workspaceId", p, "environment", "dev", "secretValue", "x", "secretComment", List.of("a")));
        cases.put(
                "skipMultilineEncoding",
                body("workspaceId", p, "environment", "dev", "secretValue", "x", "skipMultilineEncoding", "maybe"));
        cases.put("workspaceId", body("workspaceId", 12345, "environment", "dev", "secretValue", "x"));
        for (var c : cases.entrySet()) {
            Api.Response r = send("POST", "/api/v3/secrets/raw/TYPED", c.getValue(), Map.of());
            assertThat(r.status()).as("%s: %s", c.getKey(), r.body()).isEqualTo(422);
            assertErrorFormat(r, 422, "ValidationFailure");
            JsonNode details = r.json().get("details");
            assertThat(details.isArray())
                    .as("details is a list of issues: %s", r.body())
                    .isTrue();
            assertThat(details.findValuesAsText("path")).as(r.body()).contains(c.getKey());
            assertThat(r.message()).contains(c.getKey());
        }
        Api.Response batch = send(
                "POST",
                "/api/v3/secrets/batch/raw",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secrets",
                        List.of(
                                body("secretKey", "OK_ONE", "secretValue", "fine"),
                                body("secretKey", "BAD", "secretValue", 5))),
                Map.of());
        assertThat(batch.status()).as(batch.body()).isEqualTo(422);
        assertThat(batch.json().get("details").findValuesAsText("path")).anyMatch(path -> path.contains("secretValue"));
        Api.Response notArray = send(
                "POST",
                "/api/v3/secrets/batch/raw",
                body("workspaceId", p, "environment", "dev", "secrets", "OK_ONE"),
                Map.of());
        assertThat(notArray.status()).as(notArray.body()).isEqualTo(422);
        assertThat(notArray.json().get("details").findValuesAsText("path")).contains("secrets");
        Api.Response folder =
                send("POST", "/api/v1/folders", body("workspaceId", p, "environment", "dev", "name", 7), Map.of());
        assertThat(folder.status()).as(folder.body()).isEqualTo(422);
        assertThat(folder.json().get("details").findValuesAsText("path")).contains("name");
        assertThat(keys(p, "/")).isEmpty();
        assertThat(send("GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev", null, Map.of())
                        .json()
                        .get("folders"))
                .isEmpty();
    }

    @Test
    void aMissingRequiredFieldIs422NamingIt() {
        String p = project();
        Api.Response noEnv =
                send("POST", "/api/v3/secrets/raw/NO_ENV", body("workspaceId", p, "secretValue", "x"), Map.of());
        assertThat(noEnv.status()).as(noEnv.body()).isEqualTo(422);
        assertThat(noEnv.json().get("details").findValuesAsText("path")).contains("environment");
        Api.Response noProject = send(
                "POST", "/api/v3/secrets/raw/NO_PROJECT", body("environment", "dev", "secretValue", "x"), Map.of());
        assertThat(noProject.status()).as(noProject.body()).isEqualTo(422);
        assertThat(noProject.message()).contains("workspaceId");
        Api.Response empty = send("POST", "/api/v2/workspace", null, Map.of());
        assertThat(empty.status()).as(empty.body()).isEqualTo(422);
        assertThat(empty.message()).contains("projectName");
        assertThat(keys(p, "/")).isEmpty();
    }

    @Test
    void nulCharactersInNamesAndDescriptionsAre422AndWriteNothing() {
        // PostgreSQL cannot store U+0000 in text: before validation these were 500s there
        String p = project();
        int projects = send("GET", "/api/v1/projects", null, Map.of())
                .json()
                .get("projects")
                .size();
        Map<String, Api.Response> answers = new LinkedHashMap<>();
        answers.put("projectName", send("POST", "/api/v2/workspace", body("projectName", "a\u0000b"), Map.of()));
        answers.put(
                "projectDescription",
                send(
                        "POST",
                        "/api/v1/projects",
                        body("projectName", "Described", "projectDescription", "line\u0000"),
                        Map.of()));
        answers.put(
                "name",
                send(
                        "POST",
                        "/api/v1/workspace/" + p + "/environments",
                        body("name", "e\u0000f", "slug", "nul-env"),
                        Map.of()));
        answers.put(
                "description",
                send(
                        "POST",
                        "/api/v1/folders",
                        body("workspaceId", p, "environment", "dev", "name", "nul", "description", "d\u0000"),
                        Map.of()));
        for (var a : answers.entrySet()) {
            assertThat(a.getValue().status())
                    .as("%s: %s", a.getKey(), a.getValue().body())
                    .isEqualTo(422);
            assertErrorFormat(a.getValue(), 422, "ValidationFailure");
            assertThat(a.getValue().json().get("details").findValuesAsText("path"))
                    .contains(a.getKey());
        }
        assertThat(send("GET", "/api/v1/projects", null, Map.of())
                        .json()
                        .get("projects")
                        .size())
                .isEqualTo(projects);
        assertThat(send("GET", "/api/v1/projects/" + p, null, Map.of()).json().at("/project/environments"))
                .hasSize(3);
        assertThat(send("GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev", null, Map.of())
                        .json()
                        .get("folders"))
                .isEmpty();

        f.folder(p, "dev", "/", "kept");
        String folderId = send("GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev", null, Map.of())
                .json()
                .at("/folders/0/id")
                .asText();
        Api.Response rename = send(
                "PATCH",
                "/api/v1/folders/" + folderId,
                body("workspaceId", p, "environment", "dev", "name", "kept", "description", "\u0000"),
                Map.of());
        assertThat(rename.status()).as(rename.body()).isEqualTo(422);
        String envId = send("GET", "/api/v1/projects/" + p, null, Map.of())
                .json()
                .at("/project/environments/0/id")
                .asText();
        Api.Response envRename =
                send("PATCH", "/api/v1/workspace/" + p + "/environments/" + envId, body("name", "x\u0000y"), Map.of());
        assertThat(envRename.status()).as(envRename.body()).isEqualTo(422);
        assertThat(send("GET", "/api/v1/projects/" + p, null, Map.of())
                        .json()
                        .at("/project/environments/0/name")
                        .asText())
                .isEqualTo("Development");
    }

    @Test
    void aNulCharacterInAnIdentityNameIs422() {
        Api.Response r = send(
                "POST",
                "/api/v1/identities",
                body("name", "a\u0000b", "organizationId", f.admin().orgId(), "role", "member"),
                Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(422);
    }
}
