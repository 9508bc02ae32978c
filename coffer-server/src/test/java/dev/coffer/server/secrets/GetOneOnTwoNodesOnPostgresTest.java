package dev.coffer.server.secrets;

import static dev.coffer.server.secrets.GetOneSuite.at;
import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TwoNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two nodes on one PostgreSQL database: A answers gets from its folder cache, B (cache off) from the
 * database by name, as every get was answered before the cache served them. For every kind of get —
 * v3 and v4, shared and personal, values hidden, references expanded, through imports, at a version,
 * refused and not found — A answers with the very bytes B does, before and after it kept the folder.
 * A change made through B reaches A asynchronously, so A is asked until it answers the new way (giving
 * up after ten seconds), and then must keep answering that way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GetOneOnTwoNodesOnPostgresTest {

    private final AtomicInteger seq = new AtomicInteger();
    private TwoNodes nodes;
    private Api a;
    private Api b;
    private Fixtures f;
    private String admin;

    @BeforeAll
    void startTwoNodes() {
        nodes = TwoNodes.startWithSecondNodeCache(0);
        a = nodes.a.api();
        b = nodes.b.api();
        f = new Fixtures(b);
        admin = f.admin().token();
    }

    @AfterAll
    void stopNodes() {
        if (nodes != null) nodes.close();
    }

    @Test
    void theCachedFolderAnswersEveryKindOfGetWithTheBytesTheDatabaseDoes() {
        String p = f.project("two-node gets " + seq.incrementAndGet());
        String db = tag(p, "db", "#ff0000");
        String alpha = tag(p, "alpha", "#00ff00");
        write(
                "POST",
                "/api/v3/secrets/raw/TAGGED",
                Map.of(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "secretValue",
                        "line one\nline two ✓ ${PLAIN}",
                        "secretComment",
                        "a comment",
                        "tagIds",
                        List.of(db, alpha),
                        "secretMetadata",
                        List.of(
                                Map.of("key", "owner", "value", "ops"),
                                Map.of("key", "sealed", "value", "s", "isEncrypted", true)),
                        "secretReminderNote",
                        "rotate",
                        "secretReminderRepeatDays",
                        30,
                        "skipMultilineEncoding",
                        true));
        write("PATCH", "/api/v3/secrets/raw/TAGGED", at(p, "/", "secretValue", "v2 ${PLAIN} ${dev.shared.SHARED}"));
        f.secret(p, "dev", "/", "PLAIN", "plain");
        f.folder(p, "dev", "/", "shared");
        f.folder(p, "dev", "/", "app");
        f.secret(p, "dev", "/shared", "SHARED", "from shared");
        f.secret(p, "dev", "/shared", "BOTH", "shared's");
        f.secret(p, "dev", "/app", "BOTH", "app's ${dev.shared.SHARED}");
        write(
                "POST",
                "/api/v1/secret-imports",
                body(
                        "workspaceId",
                        p,
                        "environment",
                        "dev",
                        "path",
                        "/app",
                        "import",
                        body("environment", "dev", "path", "/shared")));
        String email = "two-node-person-" + seq.incrementAndGet() + "@example.com";
        String person = f.person(email, "Two nodes, one answer");
        write(
                "POST",
                "/api/v2/workspace/" + p + "/memberships",
                Map.of("emails", List.of(email), "roleSlugs", List.of("member")));
        write("POST", "/api/v3/secrets/raw/PLAIN", person, at(p, "/", "secretValue", "mine", "type", "personal"));
        Map<String, String> who = new LinkedHashMap<>();
        who.put("admin", admin);
        who.put("person", person);
        who.put("viewer", member(p, "viewer").token());
        who.put(
                "describer",
                member(p, role(p, "describe-only", "describeSecret", Map.of())).token());
        who.put(
                "db reader",
                member(p, role(p, "db-only", "read", Map.of("secretTags", Map.of("$in", List.of("db")))))
                        .token());

        List<String> urls = new ArrayList<>();
        for (String key : List.of("TAGGED", "PLAIN", "NOPE")) {
            for (String more : List.of(
                    "",
                    "&viewSecretValue=false",
                    "&expandSecretReferences=true",
                    "&type=personal",
                    "&type=shared",
                    "&version=1",
                    "&version=2",
                    "&version=9")) {
                urls.add("/api/v3/secrets/raw/" + key + "?workspaceId=" + p + "&environment=dev&secretPath=/" + more);
                urls.add("/api/v4/secrets/" + key + "?projectId=" + p + "&environment=dev&secretPath=/" + more);
            }
        }
        for (String key : List.of("BOTH", "SHARED", "NOPE")) {
            for (String more : List.of("", "&include_imports=true", "&expandSecretReferences=false")) {
                urls.add(
                        "/api/v3/secrets/raw/" + key + "?workspaceId=" + p + "&environment=dev&secretPath=/app" + more);
                urls.add("/api/v4/secrets/" + key + "?projectId=" + p + "&environment=dev&secretPath=/app" + more);
            }
        }
        urls.add("/api/v3/secrets/raw/PLAIN?workspaceId=" + p + "&environment=dev&secretPath=/nowhere");
        urls.add("/api/v3/secrets/raw/PLAIN?workspaceId=" + p + "&environment=prod&secretPath=/");

        int compared = 0;
        for (Map.Entry<String, String> w : who.entrySet()) {
            for (String url : urls) {
                String fromDatabase = answer(b, url, w.getValue());
                for (int i = 0; i < 2; i++) {
                    assertThat(answer(a, url, w.getValue()))
                            .as("%s GET %s (the %s time)", w.getKey(), url, i == 0 ? "first" : "second")
                            .isEqualTo(fromDatabase);
                }
                compared++;
            }
        }
        assertThat(compared).isEqualTo(who.size() * urls.size());
    }

    @Test
    void aValueChangedOnTheOtherNodeIsGotSoonAfterAndFromThenOn() {
        String p = f.project("two-node gets " + seq.incrementAndGet());
        f.secret(p, "dev", "/", "KEY", "before");
        String token = member(p, "viewer").token();
        keptOnA(p, "KEY", token);

        write("PATCH", "/api/v3/secrets/raw/KEY", at(p, "/", "secretValue", "after"));

        aAnswersUntil(p, "KEY", token, r -> r.status() == 200 && value(r).equals("after"));
    }

    @Test
    void aSecretDeletedOnTheOtherNodeIsNotFoundSoonAfterAndFromThenOn() {
        String p = f.project("two-node gets " + seq.incrementAndGet());
        f.secret(p, "dev", "/", "KEY", "v");
        f.secret(p, "dev", "/", "STAYS", "s");
        String token = member(p, "viewer").token();
        keptOnA(p, "KEY", token);

        write("DELETE", "/api/v3/secrets/raw/KEY", at(p, "/"));

        aAnswersUntil(p, "KEY", token, r -> r.status() == 404);
        assertThat(value(get(a, p, "STAYS", token))).isEqualTo("s");
    }

    // ---------------------------------------------------------------- helpers

    /** The answer with its request id (which differs on every request) left out. */
    private static String answer(Api node, String url, String token) {
        Api.Response r = node.get(url, token).assertNoInternals("GET " + url);
        return r.status() + " " + r.body().replaceAll("\"reqId\":\"[^\"]*\"", "\"reqId\":\"\"");
    }

    private void write(String method, String path, Object body) {
        write(method, path, admin, body);
    }

    private void write(String method, String path, String token, Object body) {
        Api.Response r = b.send(method, path, token, body, Map.of());
        assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    }

    private String tag(String p, String slug, String color) {
        Api.Response r = b.post("/api/v1/projects/" + p + "/tags", admin, body("slug", slug, "color", color));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/tag/id").asText();
    }

    private String role(String p, String slug, String action, Map<String, Object> conditions) {
        Map<String, Object> permission = conditions.isEmpty()
                ? Map.of("subject", "secrets", "action", List.of(action))
                : Map.of("subject", "secrets", "action", List.of(action), "conditions", conditions);
        write(
                "POST",
                "/api/v2/workspace/" + p + "/roles",
                Map.of("slug", slug, "name", slug, "permissions", List.of(permission)));
        return slug;
    }

    private Fixtures.Machine member(String p, String role) {
        Fixtures.Machine m = f.machine("two-node-getter-" + seq.incrementAndGet(), "no-access");
        write("POST", "/api/v2/workspace/" + p + "/identity-memberships/" + m.id(), body("role", role));
        return m;
    }

    private static Api.Response get(Api node, String p, String key, String token) {
        return node.get("/api/v3/secrets/raw/" + key + "?workspaceId=" + p + "&environment=dev&secretPath=/", token);
    }

    private static String value(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/secret/secretValue").asText();
    }

    /** A gets twice, so what it answers next may come from what it kept. */
    private void keptOnA(String p, String key, String token) {
        Api.Response first = get(a, p, key, token);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(get(a, p, key, token).body()).isEqualTo(first.body());
    }

    /** Asks A until {@code changed} holds, then checks that the next two answers hold it too. */
    private void aAnswersUntil(String p, String key, String token, Predicate<Api.Response> changed) {
        TwoNodes.answersUntil("A", () -> get(a, p, key, token), changed);
    }
}
