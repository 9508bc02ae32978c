package dev.coffer.server.secrets;

import static dev.coffer.server.testing.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TwoNodes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two nodes on one PostgreSQL database: node B answers a list it has kept (asked twice) until a change
 * made through node A reaches it, and from then on never again with the kept answer — for a value, a
 * role lowered to describe-only, a removed membership and a tag recoloured. B hears A's changes
 * asynchronously, so each test asks B until it answers the new way (giving up after ten seconds), then
 * checks that B keeps answering that way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListAnswersOnTwoNodesOnPostgresTest {

    private final AtomicInteger seq = new AtomicInteger();
    private TwoNodes nodes;
    private Api a;
    private Api b;
    private Fixtures f;
    private String admin;

    @BeforeAll
    void startTwoNodes() {
        nodes = TwoNodes.start();
        a = nodes.a.api();
        b = nodes.b.api();
        f = new Fixtures(a);
        admin = f.admin().token();
    }

    @AfterAll
    void stopNodes() {
        if (nodes != null) nodes.close();
    }

    @Test
    void aValueChangedOnNodeAEndsTheAnswerNodeBKept() {
        String p = f.project("two-node answers " + seq.incrementAndGet());
        f.secret(p, "dev", "/", "DATABASE_URL", "before");
        Fixtures.Machine app = member(p, "viewer");
        keptOnB(p, app.token());

        patch(
                "/api/v3/secrets/raw/DATABASE_URL",
                body("workspaceId", p, "environment", "dev", "secretPath", "/", "secretValue", "after"));

        bAnswersUntil(p, app.token(), r -> values(r).equals(List.of("after")));
    }

    @Test
    void aRoleLoweredOnNodeAToDescribeOnlyHidesTheValuesNodeBKept() {
        String p = f.project("two-node answers " + seq.incrementAndGet());
        f.secret(p, "dev", "/", "PASSWORD", "hunter2");
        Api.Response role = a.post(
                "/api/v2/workspace/" + p + "/roles",
                admin,
                Map.of(
                        "slug",
                        "describe-only",
                        "name",
                        "Describe only",
                        "permissions",
                        List.of(Map.of("subject", "secrets", "action", List.of("describeSecret")))));
        assertThat(role.status()).as(role.body()).isEqualTo(200);
        Fixtures.Machine app = member(p, "viewer");
        keptOnB(p, app.token());

        patch("/api/v2/workspace/" + p + "/identity-memberships/" + app.id(), body("role", "describe-only"));

        bAnswersUntil(p, app.token(), r -> values(r).equals(List.of(SecretRoutes.HIDDEN)));
    }

    @Test
    void aMembershipRemovedOnNodeAEndsTheAnswerNodeBKept() {
        String p = f.project("two-node answers " + seq.incrementAndGet());
        f.secret(p, "dev", "/", "KEY", "v");
        Fixtures.Machine app = member(p, "viewer");
        keptOnB(p, app.token());

        Api.Response removed = a.delete("/api/v2/workspace/" + p + "/identity-memberships/" + app.id(), admin, body());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);

        bAnswersUntil(p, app.token(), r -> r.status() == 403);
    }

    @Test
    void aTagRecolouredOnNodeAIsShownByNodeB() {
        String p = f.project("two-node answers " + seq.incrementAndGet());
        f.secret(p, "dev", "/", "TAGGED", "t");
        Api.Response tag = a.post("/api/v1/projects/" + p + "/tags", admin, body("slug", "db", "color", "#ff0000"));
        assertThat(tag.status()).as(tag.body()).isEqualTo(200);
        String tagId = tag.json().at("/tag/id").asText();
        patch(
                "/api/v3/secrets/raw/TAGGED",
                body("workspaceId", p, "environment", "dev", "secretPath", "/", "tagIds", List.of(tagId)));
        Fixtures.Machine app = member(p, "viewer");
        keptOnB(p, app.token());

        patch("/api/v1/projects/" + p + "/tags/" + tagId, body("color", "#00ff00"));

        bAnswersUntil(
                p,
                app.token(),
                r -> r.json().at("/secrets/0/tags/0/color").asText().equals("#00ff00"));
    }

    // ---------------------------------------------------------------- helpers

    private Fixtures.Machine member(String p, String role) {
        Fixtures.Machine m = f.machine("two-node-lister-" + seq.incrementAndGet(), "no-access");
        Api.Response r =
                a.post("/api/v2/workspace/" + p + "/identity-memberships/" + m.id(), admin, body("role", role));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return m;
    }

    private void patch(String path, Object body) {
        Api.Response r = a.patch(path, admin, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** B lists twice, so what it answers next may come from what it kept. */
    private void keptOnB(String p, String token) {
        Api.Response first = list(b, p, token);
        Api.Response second = list(b, p, token);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
    }

    /** Asks B until {@code changed} holds, then checks that the next two answers hold it too. */
    private void bAnswersUntil(String p, String token, Predicate<Api.Response> changed) {
        TwoNodes.answersUntil("B", () -> list(b, p, token), changed);
    }

    private static Api.Response list(Api node, String p, String token) {
        return node.get("/api/v3/secrets/raw?workspaceId=" + p + "&environment=dev&secretPath=/", token);
    }

    private static List<String> values(Api.Response r) {
        return r.status() == 200 ? r.json().get("secrets").findValuesAsText("secretValue") : List.of();
    }
}
