package dev.coffer.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session ended on one node is refused by another node within a second, though that node had it
 * cached: logout, and deactivation of the membership. Failed logins counted on one node lock the
 * address on the other.
 */
class SecondNodeOnPostgresTest {

    @Test
    void aSessionEndedOnOneNodeIsRefusedOnTheOtherWithinASecond() throws Exception {
        try (TestServer one = TestServer.start(Backend.POSTGRES);
                TestServer two = one.startSecondNode()) {
            Api a = one.api();
            Api b = two.api();
            String orgId = new Fixtures(a).admin().orgId();
            Map<String, String> creds = Map.of("email", "admin@example.com", "password", "correct horse battery");
            String admin = a.post("/api/v1/auth/login", null, creds)
                    .json()
                    .get("accessToken")
                    .asText();
            String other = a.post("/api/v1/auth/login", null, creds)
                    .json()
                    .get("accessToken")
                    .asText();
            assertThat(b.get("/api/v1/organization", other).status()).isEqualTo(200); // cached on node two
            assertThat(a.post("/api/v1/auth/logout", other, Map.of()).status()).isEqualTo(200);
            assertThat(refusedWithinASecond(b, other)).isTrue();

            String inv = a.post(
                            "/api/v1/organization/" + orgId + "/invite",
                            admin,
                            Map.of("email", "fay@example.com", "role", "member"))
                    .json()
                    .get("token")
                    .asText();
            var accepted =
                    a.post("/api/v1/invite-org/accept", null, Map.of("token", inv, "password", "Fay's phrase 1"));
            String fay = accepted.json().get("accessToken").asText();
            String fayId = accepted.json().at("/user/id").asText();
            assertThat(b.get("/api/v1/organization", fay).status()).isEqualTo(200);
            assertThat(a.patch(
                                    "/api/v2/organizations/" + orgId + "/memberships/" + fayId,
                                    admin,
                                    Map.of("isActive", false))
                            .status())
                    .isEqualTo(200);
            assertThat(refusedWithinASecond(b, fay)).isTrue();
        }
    }

    @Test
    void failedLoginsOnOneNodeLockTheAddressOnTheOther() {
        try (TestServer one = TestServer.start(Backend.POSTGRES);
                TestServer two = one.startSecondNode()) {
            new Fixtures(one.api()).admin();
            for (int i = 0; i < 10; i++) {
                var r = one.api()
                        .post(
                                "/api/v1/auth/login",
                                null,
                                Map.of("email", "admin@example.com", "password", "wrong password " + i));
                assertThat(r.status()).isEqualTo(401);
            }
            var locked = two.api()
                    .post(
                            "/api/v1/auth/login",
                            null,
                            Map.of("email", "ADMIN@example.com", "password", "correct horse battery"));
            assertThat(locked.status()).as(locked.body()).isEqualTo(429);
            assertThat(locked.body()).doesNotContain("admin@example.com");
            assertThat(locked.header("Retry-After")).isNotNull();
        }
    }

    private static boolean refusedWithinASecond(Api node, String token) throws InterruptedException {
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (node.get("/api/v1/organization", token).status() == 401) return true;
            Thread.sleep(20);
        }
        return false;
    }
}
