package dev.coffer.server.http;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Security promise 6 over real HTTP: malformed JSON, wrong types, oversized and deeply nested bodies,
 * bad query booleans, unknown ids and routes all get a clear 4xx in Infisical's error format, change
 * nothing, and never leak internals. Also the tolerant side Infisical's clients rely on: trailing
 * slashes, unknown fields and empty query values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputSuite {

    abstract Backend backend();

    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final AtomicInteger seq = new AtomicInteger();
    private final List<Api.Response> seen = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private TestServer server;
    private Api api;
    private Fixtures f;
    private String token;

    @BeforeAll
    void startServer() {
        server = TestServer.start(backend());
        api = server.api();
        f = new Fixtures(api);
        token = f.admin().token();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
        // every answer of this class, good or bad, was free of stack traces and exception names
        assertThat(seen).isNotEmpty();
        for (Api.Response r : seen) {
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.coffer");
        }
    }

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
            for (String path : List.of("/api/v3/secrets/raw/MALFORMED", "/api/v3/secrets/batch/raw", "/api/v1/folders",
                    "/api/v2/workspace")) {
                Api.Response r = send("POST", path, bad, Map.of());
                assertThat(r.status()).as("%s with [%s]: %s", path, bad, r.body()).isEqualTo(400);
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
        byte[] prefix = ("{\"workspaceId\":\"" + p + "\",\"environment\":\"dev\",\"secretValue\":\"").getBytes(StandardCharsets.UTF_8);
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
        cases.put("secretComment", body("workspaceId", p, "environment", "dev", "secretValue", "x", "secretComment", List.of("a")));
        cases.put("skipMultilineEncoding", body("workspaceId", p, "environment", "dev", "secretValue", "x",
                "skipMultilineEncoding", "maybe"));
        cases.put("workspaceId", body("workspaceId", 12345, "environment", "dev", "secretValue", "x"));
        for (var c : cases.entrySet()) {
            Api.Response r = send("POST", "/api/v3/secrets/raw/TYPED", c.getValue(), Map.of());
            assertThat(r.status()).as("%s: %s", c.getKey(), r.body()).isEqualTo(422);
            assertErrorFormat(r, 422, "ValidationFailure");
            JsonNode details = r.json().get("details");
            assertThat(details.isArray()).as("details is a list of issues: %s", r.body()).isTrue();
            assertThat(details.findValuesAsText("path")).as(r.body()).contains(c.getKey());
            assertThat(r.message()).contains(c.getKey());
        }
        Api.Response batch = send("POST", "/api/v3/secrets/batch/raw", body("workspaceId", p, "environment", "dev",
                "secrets", List.of(body("secretKey", "OK_ONE", "secretValue", "fine"), body("secretKey", "BAD", "secretValue", 5))),
                Map.of());
        assertThat(batch.status()).as(batch.body()).isEqualTo(422);
        assertThat(batch.json().get("details").findValuesAsText("path")).anyMatch(path -> path.contains("secretValue"));
        Api.Response notArray = send("POST", "/api/v3/secrets/batch/raw", body("workspaceId", p, "environment", "dev",
                "secrets", "OK_ONE"), Map.of());
        assertThat(notArray.status()).as(notArray.body()).isEqualTo(422);
        assertThat(notArray.json().get("details").findValuesAsText("path")).contains("secrets");
        Api.Response folder = send("POST", "/api/v1/folders", body("workspaceId", p, "environment", "dev", "name", 7), Map.of());
        assertThat(folder.status()).as(folder.body()).isEqualTo(422);
        assertThat(folder.json().get("details").findValuesAsText("path")).contains("name");
        assertThat(keys(p, "/")).isEmpty();
        assertThat(send("GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev", null, Map.of()).json()
                .get("folders")).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIs422NamingIt() {
        String p = project();
        Api.Response noEnv = send("POST", "/api/v3/secrets/raw/NO_ENV", body("workspaceId", p, "secretValue", "x"), Map.of());
        assertThat(noEnv.status()).as(noEnv.body()).isEqualTo(422);
        assertThat(noEnv.json().get("details").findValuesAsText("path")).contains("environment");
        Api.Response noProject = send("POST", "/api/v3/secrets/raw/NO_PROJECT", body("environment", "dev", "secretValue", "x"),
                Map.of());
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
        int projects = send("GET", "/api/v1/projects", null, Map.of()).json().get("projects").size();
        Map<String, Api.Response> answers = new LinkedHashMap<>();
        answers.put("projectName", send("POST", "/api/v2/workspace", body("projectName", "a\u0000b"), Map.of()));
        answers.put("projectDescription", send("POST", "/api/v1/projects", body("projectName", "Described",
                "projectDescription", "line\u0000"), Map.of()));
        answers.put("name", send("POST", "/api/v1/workspace/" + p + "/environments", body("name", "e\u0000f", "slug", "nul-env"),
                Map.of()));
        answers.put("description", send("POST", "/api/v1/folders", body("workspaceId", p, "environment", "dev", "name", "nul",
                "description", "d\u0000"), Map.of()));
        for (var a : answers.entrySet()) {
            assertThat(a.getValue().status()).as("%s: %s", a.getKey(), a.getValue().body()).isEqualTo(422);
            assertErrorFormat(a.getValue(), 422, "ValidationFailure");
            assertThat(a.getValue().json().get("details").findValuesAsText("path")).contains(a.getKey());
        }
        assertThat(send("GET", "/api/v1/projects", null, Map.of()).json().get("projects").size()).isEqualTo(projects);
        assertThat(send("GET", "/api/v1/projects/" + p, null, Map.of()).json().at("/project/environments")).hasSize(3);
        assertThat(send("GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev", null, Map.of()).json()
                .get("folders")).isEmpty();

        f.folder(p, "dev", "/", "kept");
        String folderId = send("GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev", null, Map.of()).json()
                .at("/folders/0/id").asText();
        Api.Response rename = send("PATCH", "/api/v1/folders/" + folderId, body("workspaceId", p, "environment", "dev",
                "name", "kept", "description", "\u0000"), Map.of());
        assertThat(rename.status()).as(rename.body()).isEqualTo(422);
        String envId = send("GET", "/api/v1/projects/" + p, null, Map.of()).json().at("/project/environments/0/id").asText();
        Api.Response envRename = send("PATCH", "/api/v1/workspace/" + p + "/environments/" + envId, body("name", "x\u0000y"),
                Map.of());
        assertThat(envRename.status()).as(envRename.body()).isEqualTo(422);
        assertThat(send("GET", "/api/v1/projects/" + p, null, Map.of()).json().at("/project/environments/0/name").asText())
                .isEqualTo("Development");
    }

    @Test
    void aNulCharacterInAnIdentityNameIs422() {
        Api.Response r = send("POST", "/api/v1/identities", body("name", "a\u0000b", "organizationId", f.admin().orgId(),
                "role", "member"), Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(422);
    }

    // ---------------------------------------------------------------- size and depth

    @Test
    void aBodyOverTheLimitWithContentLengthIs413AndWritesNothing() throws Exception {
        String p = project();
        byte[] body = secretBody(p, MAX_BODY + 1);
        assertThat(body.length).isEqualTo(MAX_BODY + 1);
        Api.Response r = raw("POST", "/api/v3/secrets/raw/TOO_BIG", "application/json", HttpRequest.BodyPublishers.ofByteArray(body));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertErrorFormat(r, 413, "PayloadTooLarge");
        assertThat(r.message()).contains(Integer.toString(MAX_BODY));
        assertThat(r.body().length()).as("the answer does not echo the body").isLessThan(1000);
        assertThat(keys(p, "/")).isEmpty();
        assertThat(send("GET", "/api/status", null, Map.of()).status()).as("the server still serves").isEqualTo(200);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndWritesNothing() throws Exception {
        String p = project();
        byte[] body = secretBody(p, MAX_BODY + 64 * 1024);
        // ofInputStream has no known length, so the client sends Transfer-Encoding: chunked and no Content-Length
        Api.Response r = raw("POST", "/api/v3/secrets/raw/TOO_BIG_CHUNKED", "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertErrorFormat(r, 413, "PayloadTooLarge");
        assertThat(keys(p, "/")).isEmpty();

        // far beyond the limit (and beyond the web server's own backstop) the answer is the same
        long huge = 3L * MAX_BODY;
        Api.Response r2 = raw("POST", "/api/v3/secrets/raw/TOO_BIG_CHUNKED", "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> endless(p, huge)));
        assertThat(r2.status()).as(r2.body()).isEqualTo(413);
        assertThat(keys(p, "/")).isEmpty();
        assertThat(send("GET", "/api/status", null, Map.of()).status()).as("the server still serves").isEqualTo(200);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsAccepted() throws Exception {
        String p = project();
        byte[] body = secretBody(p, 10_000);
        Api.Response r = raw("POST", "/api/v3/secrets/raw/SMALL_CHUNKED", "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(keys(p, "/")).containsExactly("SMALL_CHUNKED");
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() throws Exception {
        String p = project();
        byte[] body = secretBody(p, MAX_BODY);
        Api.Response r = raw("POST", "/api/v3/secrets/raw/AT_LIMIT", "application/json", HttpRequest.BodyPublishers.ofByteArray(body));
        assertThat(r.status()).as(r.status() + " " + r.body().substring(0, Math.min(300, r.body().length()))).isEqualTo(200);
        assertThat(keys(p, "/")).containsExactly("AT_LIMIT");
    }

    @Test
    void jsonNestedOneHundredDeepIs400MentioningNesting() {
        String p = project();
        String nested = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        String body = "{\"workspaceId\":\"" + p + "\",\"environment\":\"dev\",\"secretValue\":\"x\",\"extra\":" + nested + "}";
        Api.Response r = send("POST", "/api/v3/secrets/raw/DEEP", body, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertErrorFormat(r, 400, "BadRequest");
        assertThat(r.message()).containsIgnoringCase("nest");
        String arrays = "[".repeat(100) + "]".repeat(100);
        Api.Response r2 = send("POST", "/api/v3/secrets/batch/raw", "{\"workspaceId\":\"" + p
                + "\",\"environment\":\"dev\",\"secrets\":" + arrays + "}", Map.of());
        assertThat(r2.status()).as(r2.body()).isEqualTo(400);
        assertThat(r2.message()).containsIgnoringCase("nest");
        assertThat(keys(p, "/")).isEmpty();
    }

    // ---------------------------------------------------------------- query parameters

    @Test
    void queryBooleansOtherThanTrueOrFalseAre422() {
        String p = project();
        String base = "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev";
        for (String q : List.of("recursive=yes", "recursive=1", "recursive=TRUE", "viewSecretValue=no", "include_imports=0",
                "expandSecretReferences=True")) {
            Api.Response r = send("GET", base + "&" + q, null, Map.of());
            assertThat(r.status()).as("%s: %s", q, r.body()).isEqualTo(422);
            assertErrorFormat(r, 422, "ValidationFailure");
            assertThat(r.message()).contains(q.substring(0, q.indexOf('=')));
        }
        Api.Response folders = send("GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev&recursive=yes", null, Map.of());
        assertThat(folders.status()).as(folders.body()).isEqualTo(422);
        assertThat(send("GET", base + "&recursive=true", null, Map.of()).status()).isEqualTo(200);
        assertThat(send("GET", base + "&recursive=false", null, Map.of()).status()).isEqualTo(200);
    }

    @Test
    void aVersionThatIsNotANumberIs422() {
        String p = project();
        f.secret(p, "dev", "/", "VERSIONED", "v");
        for (String v : List.of("abc", "1.5", "one")) {
            Api.Response r = send("GET", "/api/v3/secrets/raw/VERSIONED?workspaceId=" + p + "&environment=dev&version=" + v,
                    null, Map.of());
            assertThat(r.status()).as("version=%s: %s", v, r.body()).isEqualTo(422);
            assertThat(r.message()).contains("version");
        }
        Api.Response none = send("GET", "/api/v3/secrets/raw/VERSIONED?workspaceId=" + p + "&environment=dev&version=7",
                null, Map.of());
        assertThat(none.status()).as(none.body()).isEqualTo(404);
    }

    @Test
    void emptyQueryValuesCountAsAbsent() {
        Api.Response created = send("POST", "/api/v2/workspace", body("projectName", "Empty values " + seq.incrementAndGet()),
                Map.of());
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
            assertThat(r.json().get("secrets").findValuesAsText("secretKey")).as(q).containsExactly("PRESENT");
            assertThat(r.json().at("/secrets/0/secretValue").asText()).isEqualTo("here");
        }
        Api.Response v4 = send("GET", "/api/v4/secrets?workspaceSlug=&projectId=" + p + "&environment=dev", null, Map.of());
        assertThat(v4.status()).as(v4.body()).isEqualTo(200);
        Api.Response one = send("GET", "/api/v3/secrets/raw/PRESENT?workspaceSlug=&workspaceId=" + p
                + "&environment=dev&version=&type=", null, Map.of());
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().at("/secret/secretValue").asText()).isEqualTo("here");
        Api.Response noEnv = send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=", null, Map.of());
        assertThat(noEnv.status()).as("an empty required value is missing: %s", noEnv.body()).isEqualTo(422);
    }

    @Test
    void unknownBodyFieldsAndQueryParametersAreIgnored() {
        String p = project();
        Map<String, Object> b = body("workspaceId", p, "environment", "dev", "secretValue", "v", "secretPath", "/",
                "someFutureField", Map.of("nested", List.of(1, 2, 3)), "anotherOne", true, "type", "shared");
        Api.Response r = send("POST", "/api/v3/secrets/raw/EXTRA_FIELDS", b, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/secret/secretValue").asText()).isEqualTo("v");
        Api.Response batch = send("POST", "/api/v3/secrets/batch/raw", body("workspaceId", p, "environment", "dev",
                "unknown", "x", "secrets", List.of(body("secretKey", "EXTRA_BATCH", "secretValue", "b", "tagIds", List.of(),
                        "whatever", 1))), Map.of());
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        Api.Response list = send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&unknownParam=1&foo=bar"
                + "&metadataFilter=x", null, Map.of());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("secrets").findValuesAsText("secretKey")).containsExactlyInAnyOrder("EXTRA_FIELDS", "EXTRA_BATCH");
        Api.Response folder = send("POST", "/api/v1/folders", body("workspaceId", p, "environment", "dev", "name", "extra",
                "path", "/", "colour", "blue"), Map.of());
        assertThat(folder.status()).as(folder.body()).isEqualTo(200);
        Api.Response project = send("POST", "/api/v1/projects", body("projectName", "Extra " + seq.incrementAndGet(),
                "template", "default", "kmsKeyId", "nope"), Map.of());
        assertThat(project.status()).as(project.body()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- routes and paths

    @Test
    void trailingSlashesOnGetAndPostPathsWork() {
        String p = project();
        Api.Response create = send("POST", "/api/v3/secrets/raw/SLASHED/", body("workspaceId", p, "environment", "dev",
                "secretValue", "s"), Map.of());
        assertThat(create.status()).as(create.body()).isEqualTo(200);
        assertThat(create.json().at("/secret/secretKey").asText()).as("the slash is not part of the name").isEqualTo("SLASHED");
        Api.Response one = send("GET", "/api/v3/secrets/raw/SLASHED/?workspaceId=" + p + "&environment=dev", null, Map.of());
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().at("/secret/secretValue").asText()).isEqualTo("s");
        Api.Response list = send("GET", "/api/v3/secrets/raw/?workspaceId=" + p + "&environment=dev", null, Map.of());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("secrets")).hasSize(1);
        Api.Response project = send("GET", "/api/v1/projects/" + p + "/", null, Map.of());
        assertThat(project.status()).as(project.body()).isEqualTo(200);
        Api.Response newProject = send("POST", "/api/v2/workspace/", body("projectName", "Slash " + seq.incrementAndGet()), Map.of());
        assertThat(newProject.status()).as(newProject.body()).isEqualTo(200);
        Api.Response status = send("GET", "/api/status/", null, Map.of());
        assertThat(status.status()).as(status.body()).isEqualTo(200);

        Fixtures.Machine m = f.machine("slash-" + seq.incrementAndGet(), "member");
        Api.Response login = api.send("POST", "/api/v1/auth/universal-auth/login/", null,
                Map.of("clientId", m.clientId(), "clientSecret", m.clientSecret()), Map.of());
        checked("POST", "/api/v1/auth/universal-auth/login/", login);
        assertThat(login.status()).as("the Go CLI's login path: %s", login.body()).isEqualTo(200);
        assertThat(login.json().get("accessToken").asText()).isNotBlank();
    }

    @Test
    void unknownRoutesAre404InTheErrorFormat() {
        for (String[] req : List.of(new String[] {"GET", "/api/v9/nothing"}, new String[] {"GET", "/"},
                new String[] {"POST", "/api/v3/secrets/raw/A/B/C"}, new String[] {"PUT", "/api/v3/secrets/raw/X"},
                new String[] {"GET", "/api/v3/secrets/batch/raw"}, new String[] {"GET", "/favicon.ico"})) {
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
        Api.Response byId = send("GET", "/api/v3/secrets/raw?workspaceId=" + ghost + "&environment=dev", null, Map.of());
        assertThat(byId.status()).as(byId.body()).isEqualTo(404);
        assertErrorFormat(byId, 404, "NotFound");
        assertThat(byId.message()).contains(ghost);
        Api.Response bySlug = send("GET", "/api/v3/secrets/raw?workspaceSlug=no-such-project&environment=dev", null, Map.of());
        assertThat(bySlug.status()).as(bySlug.body()).isEqualTo(404);
        assertThat(bySlug.message()).contains("no-such-project");
        Api.Response write = send("POST", "/api/v3/secrets/raw/GHOSTLY", body("workspaceId", ghost, "environment", "dev",
                "secretValue", "x"), Map.of());
        assertThat(write.status()).as(write.body()).isEqualTo(404);
        assertThat(write.message()).contains(ghost);
        Api.Response project = send("GET", "/api/v1/workspace/" + ghost, null, Map.of());
        assertThat(project.status()).as(project.body()).isEqualTo(404);
        assertThat(project.message()).contains(ghost);

        Api.Response env = send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=nope-env", null, Map.of());
        assertThat(env.status()).as(env.body()).isEqualTo(404);
        assertErrorFormat(env, 404, "NotFound");
        assertThat(env.message()).contains("nope-env");
        Api.Response envWrite = send("POST", "/api/v3/secrets/raw/X", body("workspaceId", p, "environment", "nope-env",
                "secretValue", "x"), Map.of());
        assertThat(envWrite.status()).as(envWrite.body()).isEqualTo(404);
        assertThat(envWrite.message()).contains("nope-env");
        Api.Response envPatch = send("PATCH", "/api/v1/workspace/" + p + "/environments/" + ghost, body("name", "x"), Map.of());
        assertThat(envPatch.status()).as(envPatch.body()).isEqualTo(404);
        assertThat(envPatch.message()).contains(ghost);

        Api.Response folderById = send("GET", "/api/v1/folders/" + ghost, null, Map.of());
        assertThat(folderById.status()).as(folderById.body()).isEqualTo(404);
        assertThat(folderById.message()).contains(ghost);
        Api.Response inMissingFolder = send("POST", "/api/v3/secrets/raw/X", body("workspaceId", p, "environment", "dev",
                "secretPath", "/ghost-folder", "secretValue", "x"), Map.of());
        assertThat(inMissingFolder.status()).as(inMissingFolder.body()).isEqualTo(404);
        assertThat(inMissingFolder.message()).contains("/ghost-folder");
        Api.Response readMissingFolder = send("GET", "/api/v3/secrets/raw/X?workspaceId=" + p
                + "&environment=dev&secretPath=/ghost-folder", null, Map.of());
        assertThat(readMissingFolder.status()).as(readMissingFolder.body()).isEqualTo(404);
        Api.Response deleteMissing = send("DELETE", "/api/v1/folders/ghost-folder", body("workspaceId", p, "environment", "dev",
                "path", "/"), Map.of());
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
            byte[] json = Api.JSON.writeValueAsBytes(body("workspaceId", p, "environment", "dev", "secretValue", "typed " + type));
            Api.Response r = raw("POST", "/api/v3/secrets/raw/" + name, type, HttpRequest.BodyPublishers.ofByteArray(json));
            assertThat(r.status()).as("%s: %s", type, r.body()).isEqualTo(200);
            Api.Response got = send("GET", "/api/v3/secrets/raw/" + name + "?workspaceId=" + p + "&environment=dev", null, Map.of());
            assertThat(got.json().at("/secret/secretValue").asText()).isEqualTo("typed " + type);
        }
        Api.Response form = raw("POST", "/api/v3/secrets/raw/FORM", "application/x-www-form-urlencoded",
                HttpRequest.BodyPublishers.ofString("workspaceId=" + p + "&environment=dev&secretValue=x"));
        assertThat(form.status()).as("a real form body is not JSON: %s", form.body()).isEqualTo(400);
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
                send("DELETE", "/api/v1/folders/%00", body("workspaceId", p, "environment", "dev", "path", "/"), Map.of()),
                send("GET", "/api/v3/secrets/raw/%00?workspaceId=" + p + "&environment=dev", null, Map.of()),
                send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=%00", null, Map.of()),
                send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=%00", null, Map.of()),
                send("POST", "/api/v3/secrets/raw/" + "K".repeat(300), body("workspaceId", p, "environment", "dev"), Map.of()),
                send("POST", "/api/v3/secrets/batch/raw", body("workspaceId", p, "environment", "dev", "secrets", List.of()), Map.of()),
                send("PATCH", "/api/v3/secrets/batch/raw", body("workspaceId", p, "environment", "dev", "mode", "sideways",
                        "secrets", List.of(body("secretKey", "A"))), Map.of()),
                send("POST", "/api/v3/secrets/raw/X", body("workspaceId", p, "environment", "dev", "type", "weird"), Map.of()),
                send("POST", "/api/v3/secrets/raw/X", body("workspaceId", p, "environment", "dev",
                        "secretReminderRepeatDays", "soon"), Map.of()),
                send("POST", "/api/v3/secrets/raw/X", body("workspaceId", p, "environment", "dev",
                        "secretReminderRepeatDays", 1e30), Map.of()),
                send("POST", "/api/v1/workspace/" + p + "/environments", body("name", "x", "slug", "y", "position", "first"), Map.of()),
                send("DELETE", "/api/v1/folders/%2e%2e", body("workspaceId", p, "environment", "dev", "path", "/.."), Map.of()),
                send("GET", "/api/v1/folders?workspaceId=" + p + "&environment=dev&path=" + "/a".repeat(40), null, Map.of()));
        for (Api.Response r : odd) {
            assertThat(r.status()).as(r.body()).isBetween(400, 499);
            assertThat(r.json()).as("JSON error body: %s", r.body()).isNotNull();
            assertThat(r.json().get("reqId").asText()).startsWith("req-");
            assertThat(r.message()).isNotBlank();
        }
        assertThat(keys(p, "/")).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private String project() {
        return f.project("Bad input " + seq.incrementAndGet());
    }

    private List<String> keys(String p, String path) {
        Api.Response r = send("GET", "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=" + path, null, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("secrets").findValuesAsText("secretKey");
    }

    private static void assertErrorFormat(Api.Response r, int status, String error) {
        assertThat(r.json()).as("a JSON error body: %s", r.body()).isNotNull();
        assertThat(r.json().get("reqId").asText()).as(r.body()).startsWith("req-");
        assertThat(r.json().get("statusCode").asInt()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).as(r.body()).isEqualTo(error);
        assertThat(r.message()).as(r.body()).isNotBlank();
    }

    /** A JSON secret-create body of exactly {@code size} bytes (ASCII). */
    private static byte[] secretBody(String project, int size) {
        String head = "{\"workspaceId\":\"" + project + "\",\"environment\":\"dev\",\"secretValue\":\"";
        String tail = "\"}";
        int fill = size - head.length() - tail.length();
        return (head + "v".repeat(fill) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    /** A stream of a valid secret-create body of {@code size} bytes, generated without holding it in memory. */
    private static InputStream endless(String project, long size) {
        byte[] head = ("{\"workspaceId\":\"" + project + "\",\"environment\":\"dev\",\"secretValue\":\"")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        long fill = size - head.length - tail.length;
        InputStream filler = new InputStream() {
            long left = fill;

            @Override
            public int read() {
                if (left <= 0) return -1;
                left--;
                return 'v';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'v');
                left -= n;
                return n;
            }
        };
        return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head), filler,
                new ByteArrayInputStream(tail))));
    }

    /** A request through the shared client as the admin; recorded and checked for leaked internals. */
    private Api.Response send(String method, String path, Object body, Map<String, String> headers) {
        return checked(method, path, api.send(method, path, token, body, headers));
    }

    /** A request over HTTP/1.1 with a chosen Content-Type and body publisher (chunked when its length is unknown). */
    private Api.Response raw(String method, String path, String contentType, HttpRequest.BodyPublisher publisher)
            throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .method(method, publisher).build();
        HttpResponse<String> res = http1.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = res.body().isEmpty() ? null : Api.JSON.readTree(res.body());
        } catch (IOException notJson) {
            json = null;
        }
        return checked(method, path, new Api.Response(res.statusCode(), json, res.headers(), res.body()));
    }

    private Api.Response checked(String method, String path, Api.Response r) {
        seen.add(r);
        String shown = path.length() > 120 ? path.substring(0, 120) + "…" : path;
        return r.assertNoInternals(method + " " + shown);
    }
}
