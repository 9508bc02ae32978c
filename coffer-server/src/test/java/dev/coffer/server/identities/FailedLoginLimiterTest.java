package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coffer.server.errors.ApiException;
import org.junit.jupiter.api.Test;

/** The per-address window of failed logins, on its own: three failures a minute, times in epoch ms. */
class FailedLoginLimiterTest {

    private static final String IP = "203.0.113.7";
    private static final long T0 = 1_700_000_000_123L;
    private static final long MINUTE = 60_000;

    private final FailedLoginLimiter limiter = new FailedLoginLimiter(3, MINUTE);

    private void fail(int times, long at) {
        for (int i = 0; i < times; i++) limiter.recordFailure(IP, at);
    }

    private ApiException.RateLimited refusal(long at) {
        ApiException.RateLimited e = catchThrowableOfType(ApiException.RateLimited.class, () -> limiter.check(IP, at));
        assertThat(e).as("the address is limited at T0%+d ms", at - T0).isNotNull();
        return e;
    }

    private void allowed(long at) {
        assertThatCode(() -> limiter.check(IP, at))
                .as("the address is let through at T0%+d ms", at - T0)
                .doesNotThrowAnyException();
    }

    @Test
    void anAddressWithNoFailuresIsLetThrough() {
        allowed(T0);
    }

    @Test
    void failuresBelowTheLimitLetTheAddressThroughAndTheFailureThatReachesItStopsIt() {
        fail(2, T0);
        allowed(T0);
        fail(1, T0);
        refusal(T0);
    }

    @Test
    void theAddressStaysLimitedUntilOneMillisecondBeforeTheWindowEnds() {
        fail(3, T0);
        refusal(T0 + MINUTE - 1);
    }

    @Test
    void exactlyAtTheWindowEndTheAddressIsLetThroughAgain() {
        fail(3, T0);
        allowed(T0 + MINUTE);
    }

    @Test
    void aFailureOneMillisecondBeforeTheWindowEndsStillCountsInThatWindow() {
        fail(2, T0);
        fail(1, T0 + MINUTE - 1);
        refusal(T0 + MINUTE - 1);
    }

    @Test
    void aFailureExactlyAtTheWindowEndStartsANewCountFromOne() {
        fail(3, T0);
        fail(1, T0 + MINUTE);
        allowed(T0 + MINUTE);
        fail(1, T0 + MINUTE);
        allowed(T0 + MINUTE);
        fail(1, T0 + MINUTE);
        refusal(T0 + MINUTE);
    }

    @Test
    void theWindowIsFixedFromItsFirstFailureSoLaterFailuresDoNotExtendIt() {
        fail(1, T0);
        fail(1, T0 + 30_000);
        fail(1, T0 + MINUTE - 1);
        ApiException.RateLimited e = refusal(T0 + MINUTE - 1);
        assertThat(e.retryAfterSeconds()).isEqualTo(1);
        allowed(T0 + MINUTE);
    }

    @Test
    void retryAfterIsTheWholeSecondsLeftInTheWindowRoundedUp() {
        fail(3, T0);
        assertThat(refusal(T0).retryAfterSeconds()).isEqualTo(60);
        assertThat(refusal(T0 + 1).retryAfterSeconds()).as("59.999 s left").isEqualTo(60);
        assertThat(refusal(T0 + 999).retryAfterSeconds()).as("59.001 s left").isEqualTo(60);
        assertThat(refusal(T0 + 1_000).retryAfterSeconds()).as("59 s left").isEqualTo(59);
        assertThat(refusal(T0 + 1_001).retryAfterSeconds()).as("58.999 s left").isEqualTo(59);
        assertThat(refusal(T0 + MINUTE - 1_000).retryAfterSeconds())
                .as("1 s left")
                .isEqualTo(1);
        assertThat(refusal(T0 + MINUTE - 1).retryAfterSeconds()).as("1 ms left").isEqualTo(1);
    }

    @Test
    void theRefusalNamesTheAddressAndTheSecondsToWait() {
        fail(3, T0);
        assertThat(refusal(T0 + 15_000))
                .hasMessageContaining("Too many failed logins from " + IP)
                .hasMessageContaining("try again in 45 seconds");
    }

    @Test
    void eachAddressHasAWindowOfItsOwn() {
        fail(3, T0);
        assertThatCode(() -> limiter.check("198.51.100.1", T0)).doesNotThrowAnyException();
        limiter.recordFailure("198.51.100.1", T0);
        refusal(T0);
    }

    @Test
    void whenMoreThanAHundredThousandAddressesAreTrackedOnlyEndedWindowsAreDropped() {
        for (int i = 0; i < 100_000; i++)
            limiter.recordFailure("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), T0);
        // the next failure is the 100 001st address: the 100 000 ended windows are dropped, its live one kept
        fail(3, T0 + MINUTE);
        refusal(T0 + MINUTE);
        assertThatCode(() -> limiter.check("10.0.0.0", T0 + MINUTE)).doesNotThrowAnyException();
    }

    @Test
    void aLimitOfOneStopsTheAddressAfterItsFirstFailure() {
        FailedLoginLimiter strict = new FailedLoginLimiter(1, 1_000);
        assertThatCode(() -> strict.check(IP, T0)).doesNotThrowAnyException();
        strict.recordFailure(IP, T0);
        assertThat(catchThrowableOfType(ApiException.RateLimited.class, () -> strict.check(IP, T0 + 999))
                        .retryAfterSeconds())
                .isEqualTo(1);
        assertThatCode(() -> strict.check(IP, T0 + 1_000)).doesNotThrowAnyException();
    }
}
