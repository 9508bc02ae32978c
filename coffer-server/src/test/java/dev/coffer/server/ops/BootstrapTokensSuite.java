package dev.coffer.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Losing the bootstrap token locks nobody out, and a leaked one can be shut off: the instance admin lists
 * the live bootstrap tokens (never the tokens themselves) and rotates them, with the session or with email
 * and password ({@code revokeOthers}).
 */
abstract class BootstrapTokensSuite {

    abstract Backend backend();

    static final String EMAIL = "root@example.com";
    static final String PASSWORD = "a long enough password";
    static final String TOKENS = "/api/v1/admin/bootstrap/tokens";

    final TestClock clock = new TestClock();
    TestServer server;
    Api api;
    String bootToken;
    String orgId;

    @BeforeEach
    void start() {
        server = TestServer.start(backend(), clock);
        api = server.api();
        Api.Response r = api.post(
                "/api/v1/admin/bootstrap", null, Map.of("email", EMAIL, "password", PASSWORD, "organization", "Acme"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        bootToken = r.json().at("/identity/credentials/token").asText();
        orgId = r.json().at("/organization/id").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String person(String email, String password) {
        Api.Response r = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", password));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().path("accessToken").asText();
    }

    Api.Response newToken(boolean revokeOthers) {
        return api.post(
                        "/api/v1/admin/bootstrap/token",
                        null,
                        Map.of("email", EMAIL, "password", PASSWORD, "revokeOthers", revokeOthers))
                .assertNoInternals("new token");
    }

    static String token(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/identity/credentials/token").asText();
    }

    int adminRequest(String token) {
        return api.get("/api/v1/identities", token).status();
    }

    List<String> liveIds(String session) {
        Api.Response r = api.get(TOKENS, session).assertNoInternals("list");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode t : r.json().path("tokens")) {
            assertThat(t.path("revoked").asBoolean()).isFalse();
            assertThat(t.at("/identity/name").asText()).isEqualTo("admin");
            assertThat(t.path("createdAt").asText()).isNotEmpty();
            assertThat(t.path("expiresAt").asText()).isNotEmpty();
            ids.add(t.path("id").asText());
        }
        return ids;
    }

    @Test
    void revokeOthersRotatesWhileAPlainNewTokenLeavesTheEarlierOnesWorking() {
        String second = token(newToken(false));
        assertThat(adminRequest(bootToken)).isEqualTo(200);
        assertThat(adminRequest(second)).isEqualTo(200);
        String session = person(EMAIL, PASSWORD);
        assertThat(liveIds(session)).hasSize(2);

        Api.Response rotated = newToken(true);
        String third = token(rotated);
        assertThat(rotated.json().path("revoked").asInt()).isEqualTo(2);
        assertThat(rotated.message()).contains("Revoked 2 earlier");
        assertThat(adminRequest(bootToken))
                .as("the bootstrap token, rotated away")
                .isEqualTo(401);
        assertThat(adminRequest(second)).isEqualTo(401);
        assertThat(adminRequest(third)).isEqualTo(200);
        Api.Response list = api.get(TOKENS, session);
        assertThat(liveIds(session)).hasSize(1);
        assertThat(list.body()).doesNotContain(third).doesNotContain(bootToken);
    }

    @Test
    void theLoggedInInstanceAdminRotatesWithoutThePassword() {
        String session = person(EMAIL, PASSWORD);
        Api.Response r = api.post(TOKENS, session, Map.of("revokeOthers", true, "accessTokenTTL", 3600))
                .assertNoInternals("rotate");
        String fresh = token(r);
        assertThat(r.json().at("/identity/credentials/expiresIn").asLong()).isEqualTo(3600);
        assertThat(adminRequest(bootToken)).isEqualTo(401);
        assertThat(adminRequest(fresh)).isEqualTo(200);
        assertThat(liveIds(session)).hasSize(1);

        // without revokeOthers the earlier token stays
        String another = token(api.post(TOKENS, session, Map.of()));
        assertThat(adminRequest(fresh)).isEqualTo(200);
        assertThat(adminRequest(another)).isEqualTo(200);
        assertThat(liveIds(session)).hasSize(2);
    }

    @Test
    void expiredTokensAreNotListed() {
        String session = person(EMAIL, PASSWORD);
        assertThat(liveIds(session)).hasSize(1);
        clock.advance(Duration.ofDays(1));
        assertThat(liveIds(person(EMAIL, PASSWORD))).isEmpty();
    }

    @Test
    void onlyTheInstanceAdminListsOrRotatesAndABadBodyFromAnOutsiderIsStillA403() {
        // the admin machine identity itself is no person
        assertThat(api.get(TOKENS, bootToken).status()).isEqualTo(403);
        assertThat(api.post(TOKENS, bootToken, Map.of("revokeOthers", true)).status())
                .isEqualTo(403);
        // an organization admin who is not the instance admin (users made later than bootstrap's)
        clock.advance(Duration.ofMillis(1));
        Api.Response invite = api.post(
                "/api/v1/organization/" + orgId + "/invite",
                bootToken,
                Map.of("email", "other@example.com", "role", "admin"));
        assertThat(invite.status()).as(invite.body()).isEqualTo(200);
        Api.Response accepted = api.post(
                "/api/v1/invite-org/accept",
                null,
                Map.of("token", invite.json().path("token").asText(), "password", "another long password"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        String other = accepted.json().path("accessToken").asText();
        Api.Response list = api.get(TOKENS, other);
        assertThat(list.status()).as(list.body()).isEqualTo(403);
        assertThat(list.message()).contains("instance admin");
        assertThat(api.post(TOKENS, other, Map.of("accessTokenTTL", "not a number"))
                        .status())
                .isEqualTo(403);
        assertThat(adminRequest(bootToken)).as("nothing was rotated").isEqualTo(200);
        // the instance admin's own bad body is a 422
        assertThat(api.post(TOKENS, person(EMAIL, PASSWORD), Map.of("accessTokenTTL", 1))
                        .status())
                .isEqualTo(422);
    }
}
