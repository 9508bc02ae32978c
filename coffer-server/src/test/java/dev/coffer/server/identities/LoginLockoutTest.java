package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The per-identity lockout, to the millisecond, through the login API on a {@link TestClock}: three
 * failures lock when each comes at most 10 s after the previous one, and the lock lasts 60 s. The
 * decision is in Java, not SQL, so SQLite alone is enough.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginLockoutTest {

    private static final String LOGIN = "/api/v1/auth/universal-auth/login";
    private static final Duration RESET = Duration.ofSeconds(10);
    private static final Duration LOCK = Duration.ofSeconds(60);
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final TestClock clock = new TestClock();
    private TestServer server;
    private Api api;
    private Fixtures fixtures;

    private record Cred(String clientId, String clientSecret) {}

    @BeforeAll
    void startServer() {
        server = TestServer.start(Backend.SQLITE, clock);
        api = server.api();
        fixtures = new Fixtures(api);
        fixtures.admin();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    /** An identity with lockout after 3 failures, a 10 s counter reset and a 60 s lock. */
    private Cred machine() {
        Fixtures.Machine m = fixtures.machine("lockout-" + SEQ.incrementAndGet(), "no-access");
        Api.Response r = api.patch(
                "/api/v1/auth/universal-auth/identities/" + m.id(),
                fixtures.admin().token(),
                Map.of(
                        "lockoutThreshold",
                        3,
                        "lockoutCounterResetSeconds",
                        RESET.toSeconds(),
                        "lockoutDurationSeconds",
                        LOCK.toSeconds()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new Cred(m.clientId(), m.clientSecret());
    }

    private Api.Response login(String clientId, String clientSecret) {
        return api.post(LOGIN, null, Map.of("clientId", clientId, "clientSecret", clientSecret));
    }

    private void fail(Cred c) {
        Api.Response r = login(c.clientId(), "wrong-" + SEQ.incrementAndGet());
        assertThat(r.status()).as(r.body()).isEqualTo(401);
    }

    private void assertLocked(Cred c, String when) {
        Api.Response r = login(c.clientId(), c.clientSecret());
        assertThat(r.status()).as("%s: %s", when, r.body()).isEqualTo(401);
        assertThat(r.message()).as(when).containsIgnoringCase("temporarily locked");
    }

    private void assertOpen(Cred c, String when) {
        Api.Response r = login(c.clientId(), c.clientSecret());
        assertThat(r.status()).as("%s: %s", when, r.body()).isEqualTo(200);
    }

    /** Fails three times at once and returns the moment the lock began. */
    private long lock(Cred c) {
        for (int i = 0; i < 3; i++) fail(c);
        long lockedAt = clock.millis();
        assertLocked(c, "after three failures");
        return lockedAt;
    }

    @Test
    void threeFailuresEachExactlyTheResetWindowAfterThePreviousOneLockTheIdentity() {
        Cred c = machine();
        fail(c);
        clock.advance(RESET);
        fail(c);
        clock.advance(RESET);
        fail(c); // 20 s after the first: the window slides from the previous failure
        assertLocked(c, "failures 10 s apart");
    }

    @Test
    void failuresSpacedOneMillisecondMoreThanTheResetWindowNeverLock() {
        Cred c = machine();
        for (int i = 0; i < 5; i++) {
            if (i > 0) clock.advance(RESET.plusMillis(1));
            fail(c);
        }
        assertOpen(c, "five failures 10.001 s apart");
    }

    @Test
    void twoFailuresInTheWindowAndAThirdJustOutsideItDoNotLock() {
        Cred c = machine();
        fail(c);
        fail(c);
        clock.advance(RESET.plusMillis(1));
        fail(c);
        assertOpen(c, "the third failure started a new count");
    }

    @Test
    void aLockLastsUntilOneMillisecondBeforeItsDurationEnds() {
        Cred c = machine();
        long lockedAt = lock(c);
        clock.advance(LOCK.minusMillis(1));
        assertThat(clock.millis() - lockedAt).isEqualTo(LOCK.toMillis() - 1);
        assertLocked(c, "1 ms before the lock ends");
    }

    @Test
    void exactlyAtTheEndOfTheLockTheCorrectSecretLogsIn() {
        Cred c = machine();
        lock(c);
        clock.advance(LOCK);
        assertOpen(c, "60 s after the lock began");
    }

    @Test
    void wrongGuessesDuringTheLockDoNotExtendIt() {
        Cred c = machine();
        lock(c);
        clock.advance(LOCK.minusSeconds(1));
        Api.Response guess = login(c.clientId(), "wrong-while-locked");
        assertThat(guess.status()).isEqualTo(401);
        assertThat(guess.message()).containsIgnoringCase("temporarily locked");
        clock.advance(Duration.ofSeconds(1));
        assertOpen(c, "60 s after the lock began, with a guess in between");
    }

    @Test
    void afterALockEndsTheCountStartsAgainFromZero() {
        Cred c = machine();
        lock(c);
        clock.advance(LOCK);
        fail(c);
        fail(c);
        assertOpen(c, "two failures after the lock ended");
        for (int i = 0; i < 3; i++) fail(c);
        assertLocked(c, "three new failures");
    }
}
