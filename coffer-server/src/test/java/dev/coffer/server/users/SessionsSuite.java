package dev.coffer.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * People log in with email and password to a session: an access token that authenticates like an
 * identity's, a refresh token that rotates, logout, listing and revoking sessions, changing the
 * password. A session that is revoked, expired or whose membership is deactivated is refused at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionsSuite {

    static final String EMAIL = "admin@example.com";
    static final String PASSWORD = "correct horse battery";

    abstract Backend backend();

    final TestClock clock = new TestClock();
    TestServer server;
    Api api;
    Fixtures f;

    @BeforeAll
    void start() {
        server = TestServer.start(backend(), clock);
        api = server.api();
        f = new Fixtures(api);
        f.admin();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Api.Response login(String email, String password) {
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", password))
                .assertNoInternals("login");
    }

    String session() {
        Api.Response r = login(EMAIL, PASSWORD);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("accessToken").asText();
    }

    int status(String token) {
        return api.get("/api/v1/organization", token)
                .assertNoInternals("organizations")
                .status();
    }

    @Test
    void theBootstrapUserLogsInAndActsAsAnAdminOfItsOrganization() {
        Api.Response r = login(EMAIL, PASSWORD);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("expiresIn").asLong()).isEqualTo(Sessions.ACCESS_TTL);
        assertThat(r.json().get("refreshToken").asText()).startsWith("cr.");
        String token = r.json().get("accessToken").asText();
        Api.Response orgs = api.get("/api/v1/organization", token);
        assertThat(orgs.json().at("/organizations/0/id").asText())
                .isEqualTo(f.admin().orgId());
        assertThat(orgs.json().at("/organizations/0/slug").asText()).isEqualTo("acme");
        Api.Response project = api.post("/api/v2/workspace", token, Map.of("projectName", "Made by a person"));
        assertThat(project.status()).as(project.body()).isEqualTo(200);
    }

    @Test
    void anUnknownEmailAndAWrongPasswordGetByteIdenticalAnswers() {
        Api.Response unknown = login("nobody@example.com", PASSWORD);
        Api.Response wrong = login(EMAIL, "correct horse batterY");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(withoutReqId(unknown)).isEqualTo(withoutReqId(wrong));
    }

    static String withoutReqId(Api.Response r) {
        ObjectNode o = (ObjectNode) r.json().deepCopy();
        o.remove("reqId");
        return o.toString();
    }

    @Test
    void aRefreshRotatesBothTokensAndTheOldOnesAreRefused() {
        Api.Response first = login(EMAIL, PASSWORD);
        String oldAccess = first.json().get("accessToken").asText();
        String oldRefresh = first.json().get("refreshToken").asText();
        Api.Response next = api.post("/api/v1/auth/token", null, Map.of("refreshToken", oldRefresh));
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        String newAccess = next.json().get("accessToken").asText();
        assertThat(newAccess).isNotEqualTo(oldAccess);
        assertThat(status(newAccess)).isEqualTo(200);
        assertThat(status(oldAccess)).isEqualTo(401);
        Api.Response again = api.post("/api/v1/auth/token", null, Map.of("refreshToken", oldRefresh));
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.message()).contains("refresh token is not valid");
    }

    @Test
    void anExpiredAccessTokenIsRefusedAndARefreshRevivesTheSession() {
        Api.Response first = login(EMAIL, PASSWORD);
        String access = first.json().get("accessToken").asText();
        clock.advance(Duration.ofSeconds(Sessions.ACCESS_TTL + 1));
        Api.Response r = api.get("/api/v1/organization", access);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).contains("POST /api/v1/auth/token");
        Api.Response next = api.post(
                "/api/v1/auth/token",
                null,
                Map.of("refreshToken", first.json().get("refreshToken").asText()));
        assertThat(status(next.json().get("accessToken").asText())).isEqualTo(200);
    }

    @Test
    void aSessionEndsAfterItsLifetimeAndCannotBeRefreshed() {
        Api.Response first = login(EMAIL, PASSWORD);
        clock.advance(Duration.ofSeconds(Sessions.SESSION_TTL + 1));
        Api.Response r = api.post(
                "/api/v1/auth/token",
                null,
                Map.of("refreshToken", first.json().get("refreshToken").asText()));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.message()).contains("expired");
    }

    @Test
    void logoutEndsTheSessionAtOnce() {
        String token = session();
        assertThat(status(token)).isEqualTo(200);
        assertThat(api.post("/api/v1/auth/logout", token, Map.of()).status()).isEqualTo(200);
        assertThat(status(token)).isEqualTo(401);
    }

    @Test
    void aUserListsItsSessionsAndRevokesOne() {
        String mine = session();
        String other = session();
        Api.Response list = api.get("/api/v1/auth/sessions", mine);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        String otherId = other.substring(3, other.indexOf('.', 3));
        assertThat(list.json().get("sessions").findValuesAsText("id")).contains(otherId);
        assertThat(api.delete("/api/v1/auth/sessions/" + otherId, mine, null).status())
                .isEqualTo(200);
        assertThat(status(other)).isEqualTo(401);
        assertThat(status(mine)).isEqualTo(200);
        assertThat(api.delete("/api/v1/auth/sessions/" + otherId, mine, null).status())
                .isEqualTo(404);
    }

    @Test
    void anIdentityHasNoSessions() {
        String identityToken = api.post(
                        "/api/v1/admin/bootstrap/token", null, Map.of("email", EMAIL, "password", PASSWORD))
                .json()
                .at("/identity/credentials/token")
                .asText();
        Api.Response r = api.get("/api/v1/auth/sessions", identityToken);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.message()).contains("Only people");
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsAndTheOldPasswordStopsWorking() {
        String keep = session();
        String other = session();
        Api.Response weak =
                api.post("/api/v1/password/change", keep, Map.of("currentPassword", PASSWORD, "newPassword", "short"));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.body()).contains("12 to 256 characters");
        Api.Response wrong = api.post(
                "/api/v1/password/change",
                keep,
                Map.of("currentPassword", "not it at all", "newPassword", "a New passphrase 2"));
        assertThat(wrong.status()).isEqualTo(400);
        String next = "a New passphrase 2";
        Api.Response ok =
                api.post("/api/v1/password/change", keep, Map.of("currentPassword", PASSWORD, "newPassword", next));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(status(other)).isEqualTo(401);
        assertThat(status(keep)).isEqualTo(200);
        assertThat(login(EMAIL, PASSWORD).status()).isEqualTo(401);
        assertThat(login(EMAIL, next).status()).isEqualTo(200);
        // back, for the other tests
        Api.Response back =
                api.post("/api/v1/password/change", keep, Map.of("currentPassword", next, "newPassword", PASSWORD));
        assertThat(back.status()).as(back.body()).isEqualTo(200);
    }

    @Test
    void noPasswordOrTokenAppearsInAnyLogOrToString() {
        List<String> logged = new ArrayList<>();
        // every record reaches the root's handlers; Coffer's own loggers log at every level meanwhile.
        // Not the root at ALL: the test JVM runs other servers beside this one, and every library's
        // finest logging (a line per JDBC call) slowed them all for minutes.
        Logger root = Logger.getLogger("");
        Logger coffer = Logger.getLogger("dev.coffer");
        Level before = coffer.getLevel();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String line = r.getMessage() + " " + (r.getParameters() == null ? "" : Arrays.asList(r.getParameters()))
                        + " " + r.getThrown();
                synchronized (logged) {
                    logged.add(line);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        root.addHandler(h);
        coffer.setLevel(Level.ALL);
        List<String> secrets = new ArrayList<>(List.of(PASSWORD));
        try {
            Api.Response r = login(EMAIL, PASSWORD);
            login(EMAIL, "wrong password 123");
            String refresh = r.json().get("refreshToken").asText();
            Api.Response next = api.post("/api/v1/auth/token", null, Map.of("refreshToken", refresh));
            secrets.add(refresh.substring(refresh.lastIndexOf('.') + 1));
            secrets.add(next.json().get("accessToken").asText().substring(40));
            api.post("/api/v1/auth/token", null, Map.of("refreshToken", refresh));
        } finally {
            coffer.setLevel(before);
            root.removeHandler(h);
        }
        synchronized (logged) {
            for (String s : secrets) assertThat(logged).noneMatch(line -> line.contains(s));
        }
        Sessions.Tokens t = new Sessions.Tokens("id", "cs.id.access-secret", 1, "cr.id.refresh-secret", "org");
        assertThat(t.toString()).doesNotContain("secret");
        UserStore.User u = new UserStore.User("id", "e@example.com", "$argon2id$hash", 0);
        assertThat(u.toString()).doesNotContain("argon2id");
    }
}
