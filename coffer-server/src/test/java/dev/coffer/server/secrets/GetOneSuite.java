package dev.coffer.server.secrets;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Getting one secret, which (with the cache on) is answered from the cached secrets of its folder:
 * the very next get after an update, a delete, a rename, a move, a tag attached or recoloured, a
 * person's override changed, a role lowered or a referenced secret changed shows it; an earlier
 * version still comes from history; the answer is the list's entry of that secret; and each get is
 * audited alike. Every case gets at least twice before the change, so that what comes after could be
 * what was kept; the same specification holds with the cache off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GetOneSuite extends SecretsApiHarness {

    /** The secrets cache setting the server runs with (MiB; 0: off). */
    abstract int secretsCacheMb();

    @Override
    protected TestServer newServer() {
        return TestServer.startWithSecretsCache(backend(), Clock.systemUTC(), secretsCacheMb());
    }

    @Test
    void aGetAnswersTheListsEntryOfThatSecretWithEveryField() {
        String p = project();
        String tag = tag(p, "db", "#ff0000");
        Api.Response created = post(
                "/api/v3/secrets/raw/FULL",
                Map.of(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretValue",
                        "line one\nline two ✓",
                        "secretComment",
                        "why it is here",
                        "tagIds",
                        List.of(tag),
                        "secretMetadata",
                        List.of(Map.of("key", "owner", "value", "ops")),
                        "secretReminderNote",
                        "rotate it",
                        "secretReminderRepeatDays",
                        30,
                        "skipMultilineEncoding",
                        true));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        f.secret(p, "dev", "/", "OTHER", "o");
        Fixtures.Machine viewer = member(p, "viewer");

        for (String who : List.of(token, viewer.token())) {
            JsonNode listed = entry(api.get(v3List(p, "/"), who), "FULL");
            JsonNode listedV4 = entry(api.get(v4List(p, "/"), who), "FULL");
            for (int i = 0; i < 2; i++) {
                assertThat(secretOf(api.get(v3(p, "/", "FULL"), who))).isEqualTo(listed);
                assertThat(secretOf(api.get(v4(p, "/", "FULL"), who))).isEqualTo(listedV4);
            }
        }
        JsonNode got = secretOf(get(v3(p, "/", "FULL")));
        assertThat(got.at("/tags/0/slug").asText()).isEqualTo("db");
        assertThat(got.at("/secretMetadata/0/value").asText()).isEqualTo("ops");
        assertThat(got.at("/secretReminderRepeatDays").asInt()).isEqualTo(30);
        assertThat(secretOf(get(v3(p, "/", "FULL") + "&viewSecretValue=false"))
                        .get("secretValueHidden")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void anUpdateIsGotByTheVeryNextGet() {
        String p = project();
        f.secret(p, "dev", "/", "KEY", "before");
        f.secret(p, "dev", "/", "NEIGHBOUR", "n");
        getTwice(p, "/", "KEY");
        get(v3List(p, "/"));

        update(p, "/", "KEY", "after");

        for (String url : List.of(v3(p, "/", "KEY"), v4(p, "/", "KEY"))) {
            JsonNode s = secretOf(get(url));
            assertThat(s.get("secretValue").asText()).isEqualTo("after");
            assertThat(s.get("version").asLong()).isEqualTo(2);
        }
        update(p, "/", "NEIGHBOUR", "n2");
        assertThat(value(get(v3(p, "/", "KEY")))).isEqualTo("after");
        assertThat(value(get(v3(p, "/", "NEIGHBOUR")))).isEqualTo("n2");
    }

    @Test
    void aDeletedSecretIsNotFoundByTheVeryNextGetUnlessAnImportHoldsIt() {
        String p = project();
        f.folder(p, "dev", "/", "shared");
        f.folder(p, "dev", "/", "app");
        f.secret(p, "dev", "/app", "KEY", "own");
        f.secret(p, "dev", "/app", "GONE", "soon");
        f.secret(p, "dev", "/shared", "KEY", "imported");
        importInto(p, "/app", "/shared");
        getTwice(p, "/app", "GONE");
        assertThat(value(get(v3(p, "/app", "KEY") + "&include_imports=true"))).isEqualTo("own");

        Api.Response gone = delete("/api/v3/secrets/raw/GONE", at(p, "/app"));
        assertThat(gone.status()).as(gone.body()).isEqualTo(200);
        Api.Response deleted = delete("/api/v3/secrets/raw/KEY", at(p, "/app"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);

        for (String url : List.of(v3(p, "/app", "GONE"), v4(p, "/app", "GONE"))) {
            Api.Response r = get(url);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.message()).isEqualTo("Secret with name 'GONE' not found at path '/app' in environment 'dev'.");
        }
        assertThat(get(v3(p, "/app", "KEY")).status()).isEqualTo(404);
        assertThat(value(get(v3(p, "/app", "KEY") + "&include_imports=true"))).isEqualTo("imported");
        assertThat(value(get(v4(p, "/app", "KEY")))).isEqualTo("imported");
        update(p, "/shared", "KEY", "imported-2");
        assertThat(value(get(v4(p, "/app", "KEY")))).isEqualTo("imported-2");
    }

    @Test
    void aRenamedSecretIsGotByItsNewNameOnlyAndAMovedOneWhereItWent() {
        String p = project();
        f.secret(p, "dev", "/", "OLD_NAME", "v");
        String movedId = f.secret(p, "dev", "/", "MOVED", "m").get("id").asText();
        f.folder(p, "prod", "/", "api");
        getTwice(p, "/", "OLD_NAME");
        getTwice(p, "/", "MOVED");
        assertThat(get(v3(p, "/", "NEW_NAME")).status()).isEqualTo(404);

        Api.Response renamed = patch("/api/v3/secrets/raw/OLD_NAME", at(p, "/", "newSecretName", "NEW_NAME"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        Api.Response moved = post(
                "/api/v4/secrets/move",
                Map.of(
                        "projectId", p,
                        "sourceEnvironment", "dev",
                        "sourceSecretPath", "/",
                        "destinationEnvironment", "prod",
                        "destinationSecretPath", "/api",
                        "secretIds", List.of(movedId),
                        "shouldOverwrite", false));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);

        assertThat(get(v3(p, "/", "OLD_NAME")).status()).isEqualTo(404);
        assertThat(value(get(v3(p, "/", "NEW_NAME")))).isEqualTo("v");
        assertThat(get(v3(p, "/", "MOVED")).status()).isEqualTo(404);
        assertThat(value(get("/api/v3/secrets/raw/MOVED?workspaceId=" + p + "&environment=prod&secretPath=/api")))
                .isEqualTo("m");
    }

    @Test
    void aTagAttachedOrRecolouredCountsForTheVeryNextGetAndItsPermission() {
        String p = project();
        String tag = tag(p, "db", "#ff0000");
        f.secret(p, "dev", "/", "KEY", "v");
        Fixtures.Machine dbOnly =
                member(p, role(p, "db-only", "read", Map.of("secretTags", Map.of("$in", List.of("db")))));
        assertThat(api.get(v3(p, "/", "KEY"), dbOnly.token()).status()).isEqualTo(403);
        assertThat(api.get(v3(p, "/", "KEY"), dbOnly.token()).status()).isEqualTo(403);
        getTwice(p, "/", "KEY");

        Api.Response tagged = patch("/api/v3/secrets/raw/KEY", at(p, "/", "tagIds", List.of(tag)));
        assertThat(tagged.status()).as(tagged.body()).isEqualTo(200);

        Api.Response r = api.get(v3(p, "/", "KEY"), dbOnly.token());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/secret/tags/0/color").asText()).isEqualTo("#ff0000");
        Api.Response recoloured = patch("/api/v1/projects/" + p + "/tags/" + tag, body("color", "#00ff00"));
        assertThat(recoloured.status()).as(recoloured.body()).isEqualTo(200);
        assertThat(api.get(v3(p, "/", "KEY"), dbOnly.token())
                        .json()
                        .at("/secret/tags/0/color")
                        .asText())
                .isEqualTo("#00ff00");

        Api.Response untagged = patch("/api/v3/secrets/raw/KEY", at(p, "/", "tagIds", List.of()));
        assertThat(untagged.status()).as(untagged.body()).isEqualTo(200);
        assertThat(api.get(v3(p, "/", "KEY"), dbOnly.token()).status()).isEqualTo(403);
    }

    @Test
    void aPersonGetsTheSharedSecretUnlessAskingForTheirOverrideAndEitherChangeAtOnce() {
        String p = project();
        f.secret(p, "dev", "/", "DB_URL", "shared-1");
        String ana = person(p, "ana-get-" + backend() + "-" + seq.incrementAndGet() + "@example.com");
        String personal = "&type=personal";
        assertThat(api.get(v3(p, "/", "DB_URL") + personal, ana).status()).isEqualTo(404);
        Api.Response mine =
                api.post("/api/v3/secrets/raw/DB_URL", ana, at(p, "/", "secretValue", "ana-1", "type", "personal"));
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);

        for (int i = 0; i < 2; i++) {
            for (String url : List.of(v3(p, "/", "DB_URL"), v4(p, "/", "DB_URL"))) {
                assertThat(value(api.get(url, ana))).isEqualTo("shared-1");
                assertThat(value(api.get(url + "&type=shared", ana))).isEqualTo("shared-1");
                JsonNode override = secretOf(api.get(url + personal, ana));
                assertThat(override.get("secretValue").asText()).isEqualTo("ana-1");
                assertThat(override.get("type").asText()).isEqualTo("personal");
            }
        }

        Api.Response changed =
                api.patch("/api/v3/secrets/raw/DB_URL", ana, at(p, "/", "secretValue", "ana-2", "type", "personal"));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(value(api.get(v3(p, "/", "DB_URL") + personal, ana))).isEqualTo("ana-2");
        assertThat(value(api.get(v3(p, "/", "DB_URL"), ana))).isEqualTo("shared-1");
        update(p, "/", "DB_URL", "shared-2");
        assertThat(value(api.get(v3(p, "/", "DB_URL"), ana))).isEqualTo("shared-2");
        assertThat(value(api.get(v3(p, "/", "DB_URL") + personal, ana))).isEqualTo("ana-2");

        Api.Response deleted = delete("/api/v3/secrets/raw/DB_URL", at(p, "/"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(api.get(v3(p, "/", "DB_URL"), ana).status()).isEqualTo(404);
        Api.Response override = api.get(v3(p, "/", "DB_URL") + personal, ana);
        assertThat(override.status()).isEqualTo(404);
        assertThat(override.message())
                .isEqualTo("You have no personal override of 'DB_URL' at path '/' in environment 'dev'.");
        assertThat(get(v3(p, "/", "DB_URL") + personal).status())
                .as("a machine identity has no overrides")
                .isEqualTo(400);
    }

    @Test
    void anEarlierVersionComesFromHistoryAndTheCurrentOneFromWhatIsCurrent() {
        String p = project();
        f.secret(p, "dev", "/", "KEY", "one");
        getTwice(p, "/", "KEY");
        update(p, "/", "KEY", "two");
        update(p, "/", "KEY", "three");

        assertThat(value(get(v3(p, "/", "KEY") + "&version=1"))).isEqualTo("one");
        assertThat(value(get(v4(p, "/", "KEY") + "&version=2"))).isEqualTo("two");
        assertThat(value(get(v3(p, "/", "KEY") + "&version=3"))).isEqualTo("three");
        Api.Response none = get(v3(p, "/", "KEY") + "&version=9");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.message()).isEqualTo("Secret 'KEY' has no version 9.");
        assertThat(value(get(v3(p, "/", "KEY")))).isEqualTo("three");
    }

    @Test
    void aRoleLoweredToDescribeOnlyHidesTheValueFromTheVeryNextGet() {
        String p = project();
        f.secret(p, "dev", "/", "API_KEY", "visible");
        Fixtures.Machine app = member(p, "viewer");
        String describeOnly = role(p, "describe-only", "describeSecret", Map.of());
        assertThat(value(api.get(v3(p, "/", "API_KEY"), app.token()))).isEqualTo("visible");
        assertThat(value(api.get(v3(p, "/", "API_KEY"), app.token()))).isEqualTo("visible");

        Api.Response lowered =
                patch("/api/v2/workspace/" + p + "/identity-memberships/" + app.id(), body("role", describeOnly));
        assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);

        for (String url : List.of(v3(p, "/", "API_KEY"), v4(p, "/", "API_KEY"))) {
            JsonNode s = secretOf(api.get(url, app.token()));
            assertThat(s.get("secretValue").asText()).isEqualTo(SecretRoutes.HIDDEN);
            assertThat(s.get("secretValueHidden").asBoolean()).isTrue();
        }
    }

    @Test
    void anExpandedReferenceFollowsTheSecretItNamesAtOnce() {
        String p = project();
        f.secret(p, "dev", "/", "HOST", "db-1");
        f.secret(p, "dev", "/", "URL", "postgres://${HOST}/app");
        String expanded = v3(p, "/", "URL") + "&expandSecretReferences=true";
        assertThat(value(get(expanded))).isEqualTo("postgres://db-1/app");
        assertThat(value(get(expanded))).isEqualTo("postgres://db-1/app");
        assertThat(value(get(v3(p, "/", "URL")))).isEqualTo("postgres://${HOST}/app");

        update(p, "/", "HOST", "db-2");

        assertThat(value(get(expanded))).isEqualTo("postgres://db-2/app");
        assertThat(value(get(v4(p, "/", "URL")))).isEqualTo("postgres://db-2/app");
    }

    @Test
    void everyGetIsAuditedAlikeWhetherItsSecretWasReadOrKept() {
        String p = project();
        f.secret(p, "dev", "/", "AUDITED", "v");
        Fixtures.Machine app = member(p, "viewer");
        for (int i = 0; i < 3; i++) {
            assertThat(api.get(v3(p, "/", "AUDITED"), app.token()).status()).isEqualTo(200);
        }

        Api.Response logs = get("/api/v1/organization/audit-logs?eventType=get-secret&actorId=" + app.id());
        assertThat(logs.status()).as(logs.body()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        for (JsonNode e : logs.json().get("auditLogs")) {
            ObjectNode metadata = e.at("/event/metadata").deepCopy();
            assertThat(metadata.remove("requestId"))
                    .as("a request id, one per request")
                    .isNotNull();
            events.add(e.at("/projectId").asText() + " " + metadata);
        }
        assertThat(events).hasSize(3).containsOnly(events.getFirst());
        assertThat(events.getFirst())
                .contains(p)
                .contains("\"secretKey\":\"AUDITED\"")
                .contains("\"status\":200");
    }

    // ---------------------------------------------------------------- helpers

    private static String v3(String p, String path, String key) {
        return "/api/v3/secrets/raw/" + key + "?workspaceId=" + p + "&environment=dev&secretPath=" + path;
    }

    private static String v4(String p, String path, String key) {
        return "/api/v4/secrets/" + key + "?projectId=" + p + "&environment=dev&secretPath=" + path;
    }

    private static String v3List(String p, String path) {
        return "/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=" + path;
    }

    private static String v4List(String p, String path) {
        return "/api/v4/secrets?projectId=" + p + "&environment=dev&secretPath=" + path;
    }

    /** A body naming project {@code p}, environment dev and folder {@code path}, with {@code pairs}. */
    static Map<String, Object> at(String p, String path, Object... pairs) {
        Map<String, Object> out = MetadataAndOverridesSuite.at(p, pairs);
        out.put("secretPath", path);
        return out;
    }

    private void getTwice(String p, String path, String key) {
        Api.Response first = get(v3(p, path, key));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(get(v3(p, path, key)).body()).isEqualTo(first.body());
    }

    private void update(String p, String path, String key, String value) {
        Api.Response r = patch("/api/v3/secrets/raw/" + key, at(p, path, "secretValue", value));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static JsonNode secretOf(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("secret");
    }

    private static String value(Api.Response r) {
        return secretOf(r).get("secretValue").asText();
    }

    private static JsonNode entry(Api.Response list, String key) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        for (JsonNode s : list.json().get("secrets"))
            if (s.get("secretKey").asText().equals(key)) return s;
        throw new AssertionError("no " + key + " in " + list.body());
    }

    private String tag(String p, String slug, String color) {
        Api.Response r = post("/api/v1/projects/" + p + "/tags", body("slug", slug, "color", color));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/tag/id").asText();
    }

    private void importInto(String p, String path, String from) {
        Map<String, Object> at = at(p, path, "import", body("environment", "dev", "path", from));
        at.put("path", at.remove("secretPath"));
        Api.Response r = post("/api/v1/secret-imports", at);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private Fixtures.Machine member(String p, String role) {
        Fixtures.Machine m = f.machine("getter-" + seq.incrementAndGet(), "no-access");
        Api.Response r = post("/api/v2/workspace/" + p + "/identity-memberships/" + m.id(), body("role", role));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return m;
    }

    /** A role allowing {@code action} on secrets where {@code conditions} (if any) hold; returns its slug. */
    private String role(String p, String slug, String action, Map<String, Object> conditions) {
        Map<String, Object> permission = new java.util.HashMap<>(body("subject", "secrets", "action", List.of(action)));
        if (!conditions.isEmpty()) permission.put("conditions", conditions);
        Api.Response r = post(
                "/api/v2/workspace/" + p + "/roles",
                body("slug", slug, "name", slug, "permissions", List.of(permission)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return slug;
    }

    /** A person of the organization, a member of the project; returns their session token. */
    private String person(String p, String email) {
        String session = f.person(email, "Get one secret, twice");
        Api.Response add = post(
                "/api/v2/workspace/" + p + "/memberships",
                Map.of("emails", List.of(email), "roleSlugs", List.of("member")));
        assertThat(add.status()).as(add.body()).isEqualTo(200);
        return session;
    }
}
