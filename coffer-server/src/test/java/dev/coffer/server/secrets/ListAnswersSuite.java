package dev.coffer.server.secrets;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Lists answered again from what the same actor was answered before: the very next list after a change
 * of data, of a role, of a membership, of a tag or of an import shows it; a temporary role ends on
 * time; a 304 holds until a write; the audit event names the same secrets; and nobody is ever answered
 * with what another actor was. Every case asks each list at least twice, so the second answer is the
 * kept one when the cache is on; the same specification holds with the cache off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ListAnswersSuite {

    abstract Backend backend();

    /** The secrets cache setting the server runs with (MiB; 0: off). */
    abstract int secretsCacheMb();

    private static final AtomicInteger SEQ = new AtomicInteger();
    private final TestClock clock = new TestClock();
    private TestServer server;
    private Api api;
    private Fixtures f;
    private String admin;

    @BeforeAll
    void startServer() {
        server = TestServer.startWithSecretsCache(backend(), clock, secretsCacheMb());
        api = server.api();
        f = new Fixtures(api);
        admin = f.admin().token();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    @Test
    void theSameListTwiceIsTheSameBodyAndETagAndTheVeryNextListAfterAChangeShowsIt() {
        String p = project();
        f.secret(p, "dev", "/", "DATABASE_URL", "before");
        Fixtures.Machine app = member(p, "viewer");
        for (String version : List.of("v3", "v4")) {
            Api.Response first = list(version, p, app.token(), "");
            Api.Response second = list(version, p, app.token(), "");
            assertThat(second.body()).as(version).isEqualTo(first.body());
            assertThat(second.header("ETag")).as(version).isEqualTo(first.header("ETag"));
        }

        updateValue(p, "DATABASE_URL", "after");

        for (String version : List.of("v3", "v4")) {
            assertThat(values(list(version, p, app.token(), ""))).as(version).containsExactly("after");
            assertThat(values(list(version, p, app.token(), ""))).as(version).containsExactly("after");
        }
    }

    @Test
    void aNotModifiedAnswerHoldsUntilAWriteAndThenTheNewBodyComesWithANewETag() {
        String p = project();
        f.secret(p, "dev", "/", "KEY", "one");
        Fixtures.Machine app = member(p, "viewer");
        String etag = list("v3", p, app.token(), "").header("ETag");

        for (String version : List.of("v3", "v4")) {
            String own = list(version, p, app.token(), "").header("ETag");
            assertThat(listIfNoneMatch(version, p, app.token(), own).status()).isEqualTo(304);
            assertThat(listIfNoneMatch(version, p, app.token(), own).status()).isEqualTo(304);
        }
        updateValue(p, "KEY", "two");

        Api.Response changed = listIfNoneMatch("v3", p, app.token(), etag);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(values(changed)).containsExactly("two");
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
        assertThat(listIfNoneMatch("v3", p, app.token(), changed.header("ETag")).status())
                .isEqualTo(304);
    }

    @Test
    void aRoleLoweredToDescribeOnlyHidesTheValuesFromTheVeryNextList() {
        String p = project();
        f.secret(p, "dev", "/", "API_KEY", "visible");
        Fixtures.Machine app = member(p, "viewer");
        assertThat(values(list("v3", p, app.token(), ""))).containsExactly("visible");
        assertThat(values(list("v3", p, app.token(), ""))).containsExactly("visible");
        describeOnlyRole(p);

        Api.Response lowered = api.patch(membership(p, app.id()), admin, body("role", "describe-only"));
        assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);

        for (String version : List.of("v3", "v4")) {
            assertThat(values(list(version, p, app.token(), ""))).containsExactly(SecretRoutes.HIDDEN);
            assertThat(values(list(version, p, app.token(), ""))).containsExactly(SecretRoutes.HIDDEN);
        }
    }

    @Test
    void aDescribeOnlyActorIsNeverAnsweredWithWhatAnotherActorWas() {
        String p = project();
        f.secret(p, "dev", "/", "PASSWORD", "hunter2");
        describeOnlyRole(p);
        Fixtures.Machine reader = member(p, "viewer");
        Fixtures.Machine describer = member(p, "describe-only");
        assertThat(values(list("v3", p, admin, ""))).containsExactly("hunter2");
        assertThat(values(list("v3", p, reader.token(), ""))).containsExactly("hunter2");
        String readersETag = list("v3", p, reader.token(), "").header("ETag");

        Api.Response described = list("v3", p, describer.token(), "");
        assertThat(values(described)).containsExactly(SecretRoutes.HIDDEN);
        assertThat(described.body()).doesNotContain("hunter2");
        assertThat(values(list("v3", p, describer.token(), ""))).containsExactly(SecretRoutes.HIDDEN);
        assertThat(listIfNoneMatch("v3", p, describer.token(), readersETag).status())
                .as("the reader's ETag names a body the describer may not see")
                .isEqualTo(200);
    }

    @Test
    void aMembershipRemovedIsRefusedByTheVeryNextList() {
        String p = project();
        f.secret(p, "dev", "/", "KEY", "v");
        Fixtures.Machine app = member(p, "viewer");
        String etag = list("v3", p, app.token(), "").header("ETag");
        list("v3", p, app.token(), "");

        Api.Response removed = api.delete(membership(p, app.id()), admin, body());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);

        assertThat(list("v3", p, app.token(), "").status()).isEqualTo(403);
        assertThat(listIfNoneMatch("v3", p, app.token(), etag).status()).isEqualTo(403);
    }

    @Test
    void aTemporaryRoleStopsAnsweringListsExactlyAtItsEnd() {
        String p = project();
        f.secret(p, "dev", "/", "KEY", "v");
        Fixtures.Machine app = f.machine("temporary-" + SEQ.incrementAndGet(), "no-access");
        Api.Response add = api.post(
                membership(p, app.id()),
                admin,
                Map.of(
                        "roles",
                        List.of(Map.of(
                                "role",
                                "viewer",
                                "isTemporary",
                                true,
                                "temporaryMode",
                                "relative",
                                "temporaryRange",
                                "1h",
                                "temporaryAccessStartTime",
                                clock.instant().toString()))));
        assertThat(add.status()).as(add.body()).isEqualTo(200);
        Instant end = Instant.parse(add.json()
                .at("/identityMembership/roles/0/temporaryAccessEndTime")
                .asText());
        String etag = list("v3", p, app.token(), "").header("ETag");
        clock.set(end.minusMillis(1));
        assertThat(list("v3", p, app.token(), "").status()).isEqualTo(200);
        assertThat(listIfNoneMatch("v3", p, app.token(), etag).status()).isEqualTo(304);

        clock.advance(Duration.ofMillis(1));

        assertThat(list("v3", p, app.token(), "").status()).isEqualTo(403);
        assertThat(listIfNoneMatch("v3", p, app.token(), etag).status()).isEqualTo(403);
    }

    @Test
    void aTagAttachedRecolouredOrFilteredOnIsSeenByTheVeryNextList() {
        String p = project();
        f.secret(p, "dev", "/", "TAGGED", "t");
        f.secret(p, "dev", "/", "PLAIN", "p");
        Fixtures.Machine app = member(p, "viewer");
        Api.Response tag = api.post(
                "/api/v1/projects/" + p + "/tags", admin, body("slug", "db", "name", "Database", "color", "#ff0000"));
        assertThat(tag.status()).as(tag.body()).isEqualTo(200);
        String tagId = tag.json().at("/tag/id").asText();
        assertThat(keys(list("v3", p, app.token(), "&tagSlugs=db"))).isEmpty();
        assertThat(keys(list("v3", p, app.token(), "&tagSlugs=db"))).isEmpty();
        list("v3", p, app.token(), "");

        Api.Response tagged = api.patch(
                "/api/v3/secrets/raw/TAGGED",
                admin,
                body("workspaceId", p, "environment", "dev", "secretPath", "/", "tagIds", List.of(tagId)));
        assertThat(tagged.status()).as(tagged.body()).isEqualTo(200);

        assertThat(keys(list("v3", p, app.token(), "&tagSlugs=db"))).containsExactly("TAGGED");
        assertThat(list("v3", p, app.token(), "")
                        .json()
                        .at("/secrets/1/tags/0/color")
                        .asText())
                .isEqualTo("#ff0000");

        Api.Response recoloured =
                api.patch("/api/v1/projects/" + p + "/tags/" + tagId, admin, body("color", "#00ff00"));
        assertThat(recoloured.status()).as(recoloured.body()).isEqualTo(200);

        assertThat(list("v3", p, app.token(), "")
                        .json()
                        .at("/secrets/1/tags/0/color")
                        .asText())
                .isEqualTo("#00ff00");
    }

    @Test
    void anImportAddedIsSeenByTheVeryNextListThatIncludesImports() {
        String p = project();
        f.folder(p, "dev", "/", "shared");
        f.folder(p, "dev", "/", "app");
        f.secret(p, "dev", "/shared", "SHARED", "s");
        f.secret(p, "dev", "/app", "OWN", "o");
        Fixtures.Machine app = member(p, "viewer");
        String withImports = "&secretPath=/app&include_imports=true";
        assertThat(list("v3", p, app.token(), withImports).json().get("imports"))
                .isEmpty();
        assertThat(list("v3", p, app.token(), withImports).json().get("imports"))
                .isEmpty();

        Api.Response imported = api.post(
                "/api/v1/secret-imports",
                admin,
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "path",
                        "/app",
                        "import",
                        body("environment", "dev", "path", "/shared")));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        JsonNode imports = list("v3", p, app.token(), withImports).json().get("imports");
        assertThat(imports.findValuesAsText("secretKey")).containsExactly("SHARED");
        updateValue(p, "SHARED", "s2", "/shared");
        assertThat(list("v3", p, app.token(), withImports).json().get("imports").findValuesAsText("secretValue"))
                .containsExactly("s2");
    }

    @Test
    void theAuditEventOfAnAnswerGivenAgainNamesTheSameSecrets() {
        String p = project();
        f.secret(p, "dev", "/", "FIRST", "1");
        f.secret(p, "dev", "/", "SECOND", "2");
        Fixtures.Machine app = member(p, "viewer");
        String etag = list("v3", p, app.token(), "").header("ETag");
        list("v3", p, app.token(), "");
        assertThat(listIfNoneMatch("v3", p, app.token(), etag).status()).isEqualTo(304);

        Api.Response logs = api.get("/api/v1/organization/audit-logs?eventType=get-secrets&actorId=" + app.id(), admin);
        assertThat(logs.status()).as(logs.body()).isEqualTo(200);
        List<List<String>> named = new ArrayList<>();
        for (JsonNode e : logs.json().get("auditLogs")) {
            List<String> names = new ArrayList<>();
            e.at("/event/metadata/secretKeys").forEach(n -> names.add(n.asText()));
            named.add(names);
            assertThat(e.at("/projectId").asText()).isEqualTo(p);
            assertThat(e.at("/event/metadata/environment").asText()).isEqualTo("dev");
            assertThat(e.at("/event/metadata/secretPath").asText()).isEqualTo("/");
        }
        assertThat(named).hasSize(3).allSatisfy(n -> assertThat(n).containsExactly("FIRST", "SECOND"));
    }

    // ---------------------------------------------------------------- helpers

    private String project() {
        return f.project("Answers " + SEQ.incrementAndGet());
    }

    private Fixtures.Machine member(String p, String role) {
        Fixtures.Machine m = f.machine("lister-" + SEQ.incrementAndGet(), "no-access");
        Api.Response r = api.post(membership(p, m.id()), admin, body("role", role));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return m;
    }

    private void describeOnlyRole(String p) {
        Api.Response r = api.post(
                "/api/v2/workspace/" + p + "/roles",
                admin,
                Map.of(
                        "slug",
                        "describe-only",
                        "name",
                        "Describe only",
                        "permissions",
                        List.of(Map.of("subject", "secrets", "action", List.of("describeSecret")))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String membership(String p, String identityId) {
        return "/api/v2/workspace/" + p + "/identity-memberships/" + identityId;
    }

    private void updateValue(String p, String key, String value) {
        updateValue(p, key, value, "/");
    }

    private void updateValue(String p, String key, String value, String path) {
        Api.Response r = api.patch(
                "/api/v3/secrets/raw/" + key,
                admin,
                body("workspaceId", p, "environment", "dev", "secretPath", path, "secretValue", value));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private Api.Response list(String version, String p, String token, String more) {
        return listIfNoneMatch(version, p, token, null, more);
    }

    private Api.Response listIfNoneMatch(String version, String p, String token, String etag) {
        return listIfNoneMatch(version, p, token, etag, "");
    }

    private Api.Response listIfNoneMatch(String version, String p, String token, String etag, String more) {
        String path = (version.equals("v3") ? "/api/v3/secrets/raw?workspaceId=" : "/api/v4/secrets?projectId=") + p
                + "&environment=dev" + (more.contains("secretPath") ? "" : "&secretPath=/") + more;
        Api.Response r = api.send("GET", path, token, null, etag == null ? Map.of() : Map.of("If-None-Match", etag))
                .assertNoInternals("GET " + path);
        if (r.status() == 200) assertThat(r.header("ETag")).isNotBlank();
        return r;
    }

    private static List<String> values(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("secrets").findValuesAsText("secretValue");
    }

    private static List<String> keys(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("secrets").findValuesAsText("secretKey");
    }
}
