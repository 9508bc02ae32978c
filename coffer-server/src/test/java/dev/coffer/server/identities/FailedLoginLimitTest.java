package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-address limit on failed logins, which holds across identities (the lockout is per identity). */
class FailedLoginLimitTest {

    @Test
    void anAddressThatFailsTooOftenAcrossManyClientIdsGets429UntilItsFailuresHaveExpiredEvenForCorrectCredentials() {
        // at the start of a 5-second counting slot, so the expiry is exact: a minute after the slot ends
        TestClock clock = new TestClock(Instant.ofEpochMilli(System.currentTimeMillis() / 5_000 * 5_000));
        try (TestServer server = TestServer.start(Backend.SQLITE, clock)) {
            Fixtures f = new Fixtures(server.api());
            Fixtures.Machine m = f.machine("victim", "no-access");
            Api api = server.api();
            for (int i = 0; i < LoginService.MAX_FAILURES_PER_IP_PER_MINUTE; i++) {
                Api.Response r = api.post(
                        "/api/v1/auth/universal-auth/login",
                        null,
                        Map.of("clientId", UUID.randomUUID().toString(), "clientSecret", "guess-" + i));
                assertThat(r.status()).as("failure %d: %s", i, r.body()).isEqualTo(401);
            }
            Api.Response limited = api.post(
                    "/api/v1/auth/universal-auth/login",
                    null,
                    Map.of("clientId", m.clientId(), "clientSecret", m.clientSecret()));
            assertThat(limited.status()).as(limited.body()).isEqualTo(429);
            assertThat(limited.json().get("error").asText()).isEqualTo("RateLimitExceeded");
            assertThat(limited.message()).contains("Too many failed logins from 127.0.0.1");
            assertThat(limited.header("Retry-After"))
                    .as("the failures count for a minute after the end of their 5-second slot")
                    .isEqualTo("65");

            clock.advance(Duration.ofMillis(64_999));
            Api.Response lastMillisecond = api.post(
                    "/api/v1/auth/universal-auth/login",
                    null,
                    Map.of("clientId", m.clientId(), "clientSecret", m.clientSecret()));
            assertThat(lastMillisecond.status()).as(lastMillisecond.body()).isEqualTo(429);
            assertThat(lastMillisecond.header("Retry-After"))
                    .as("1 ms left rounds up to a second")
                    .isEqualTo("1");

            clock.advance(Duration.ofMillis(1));
            Api.Response after = api.post(
                    "/api/v1/auth/universal-auth/login",
                    null,
                    Map.of("clientId", m.clientId(), "clientSecret", m.clientSecret()));
            assertThat(after.status())
                    .as("a minute after the failures' slot ended: %s", after.body())
                    .isEqualTo(200);
        }
    }

    @Test
    void successfulLoginsNeverCountTowardTheLimit() {
        try (TestServer server = TestServer.start(Backend.SQLITE)) {
            Fixtures f = new Fixtures(server.api());
            Fixtures.Machine m = f.machine("busy", "no-access");
            for (int i = 0; i < LoginService.MAX_FAILURES_PER_IP_PER_MINUTE + 20; i++) {
                Api.Response r = server.api()
                        .post(
                                "/api/v1/auth/universal-auth/login",
                                null,
                                Map.of("clientId", m.clientId(), "clientSecret", m.clientSecret()));
                assertThat(r.status()).as("login %d: %s", i, r.body()).isEqualTo(200);
            }
        }
    }
}
