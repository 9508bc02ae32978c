package dev.coffer.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failed logins are limited per email address (known or not, with the same answer) and per client
 * address; the limits are per node and in memory, so one backend is enough.
 */
class LoginLimitsOnSqliteTest {

    static Api.Response login(Api api, String email, String password) {
        return api.post("/api/v1/auth/login", null, Map.of("email", email, "password", password))
                .assertNoInternals("login");
    }

    @Test
    void anEmailIsLockedAfterRepeatedFailuresWhetherOrNotItExists() {
        // a clock that stands still, so both answers name the same seconds to wait
        try (TestServer server = TestServer.start(Backend.SQLITE, new TestClock())) {
            Api api = server.api();
            new Fixtures(api).admin();
            for (int i = 0; i < UserLogins.MAX_FAILURES_PER_EMAIL; i++) {
                assertThat(login(api, "admin@example.com", "wrong password " + i)
                                .status())
                        .isEqualTo(401);
                assertThat(login(api, "ghost@example.com", "wrong password " + i)
                                .status())
                        .isEqualTo(401);
            }
            Api.Response known = login(api, "admin@example.com", "correct horse battery");
            Api.Response unknown = login(api, "ghost@example.com", "correct horse battery");
            assertThat(known.status()).isEqualTo(429);
            assertThat(SessionsSuite.withoutReqId(known)).isEqualTo(SessionsSuite.withoutReqId(unknown));
            assertThat(known.body()).doesNotContain("admin@example.com");
            // another email is not locked by these
            assertThat(login(api, "other@example.com", "x").status()).isEqualTo(401);
        }
    }

    @Test
    void anAddressIsLimitedAcrossEmails() {
        // a clock that stands still: the thirty failures each wait for a password check, and on a loaded
        // machine they took longer than the minute the limit counts them in
        try (TestServer server = TestServer.start(Backend.SQLITE, new TestClock())) {
            Api api = server.api();
            new Fixtures(api).admin();
            for (int i = 0; i < UserLogins.MAX_FAILURES_PER_IP_PER_MINUTE; i++) {
                assertThat(login(api, "guess" + i + "@example.com", "x").status())
                        .isEqualTo(401);
            }
            Api.Response r = login(api, "admin@example.com", "correct horse battery");
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isNotNull();
        }
    }
}
