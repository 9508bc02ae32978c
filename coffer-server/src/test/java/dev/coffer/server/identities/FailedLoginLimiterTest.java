package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coffer.server.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-address sliding window of failed logins, on its own: three failures a minute, counted in
 * 5-second slots, times in epoch ms. T0 is the start of a slot.
 */
class FailedLoginLimiterTest {

    private static final String IP = "203.0.113.7";
    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;
    private static final long SLOT = 5_000;

    private final FailedLoginLimiter limiter = new FailedLoginLimiter(3, MINUTE, 1_000);

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

    /** One login attempt: checked, and counted as a failure when it got through. */
    private boolean attempt(long at) {
        try {
            limiter.check(IP, at);
        } catch (ApiException.RateLimited e) {
            return false;
        }
        limiter.recordFailure(IP, at);
        return true;
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
    void aFailureCountsUntilAWholeWindowAfterTheEndOfItsSlot() {
        fail(3, T0 + 1);
        refusal(T0 + MINUTE);
        refusal(T0 + MINUTE + SLOT - 1);
        allowed(T0 + MINUTE + SLOT);
    }

    @Test
    void aBurstAtTheEndOfAWindowIsNotFollowedByAFreshAllowanceWhenTheNextWindowBegins() {
        fail(1, T0);
        fail(2, T0 + MINUTE - 1_000);
        // a fixed window opened by the first failure would end here and let three more through
        refusal(T0 + MINUTE);
        refusal(T0 + MINUTE + SLOT - 1);
        // only the first failure has expired: one more attempt, then limited again
        allowed(T0 + MINUTE + SLOT);
        fail(1, T0 + MINUTE + SLOT);
        refusal(T0 + MINUTE + SLOT);
    }

    @Test
    void anAddressThatFailsSteadilyStaysLimitedInEveryWindowAndGetsNoMoreThanTheLimitThroughInAnyWindow() {
        List<Long> through = new ArrayList<>();
        int refusedInWindow = 0;
        for (long t = T0; t < T0 + 10 * MINUTE; t += 700) {
            if (attempt(t)) through.add(t);
            else refusedInWindow++;
            if ((t - T0) % MINUTE > MINUTE - 700) {
                assertThat(refusedInWindow)
                        .as("refused attempts in minute %d", (t - T0) / MINUTE)
                        .isGreaterThan(70);
                refusedInWindow = 0;
            }
        }
        assertThat(through).hasSizeGreaterThan(10 * 2);
        for (int i = 3; i < through.size(); i++) {
            assertThat(through.get(i) - through.get(i - 3))
                    .as("the 4th failure after the one at T0%+d ms", through.get(i - 3) - T0)
                    .isGreaterThanOrEqualTo(MINUTE);
        }
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilEnoughFailuresHaveExpiredRoundedUp() {
        fail(3, T0);
        assertThat(refusal(T0).retryAfterSeconds()).isEqualTo(65);
        assertThat(refusal(T0 + 1).retryAfterSeconds()).as("64.999 s left").isEqualTo(65);
        assertThat(refusal(T0 + 1_000).retryAfterSeconds()).as("64 s left").isEqualTo(64);
        assertThat(refusal(T0 + MINUTE + SLOT - 1).retryAfterSeconds())
                .as("1 ms left")
                .isEqualTo(1);
    }

    @Test
    void retryAfterWaitsOnlyForTheOldestFailuresThatMustExpire() {
        fail(1, T0);
        fail(2, T0 + 30_000);
        assertThat(refusal(T0 + 30_000).retryAfterSeconds())
                .as("the failure at T0 expires at T0+65 s")
                .isEqualTo(35);
        allowed(T0 + MINUTE + SLOT);
    }

    @Test
    void theRefusalNamesTheAddressAndTheSecondsToWait() {
        fail(3, T0);
        assertThat(refusal(T0 + 15_000))
                .hasMessageContaining("Too many failed logins from " + IP)
                .hasMessageContaining("try again in 50 seconds");
    }

    @Test
    void eachAddressHasAWindowOfItsOwn() {
        fail(3, T0);
        assertThatCode(() -> limiter.check("198.51.100.1", T0)).doesNotThrowAnyException();
        refusal(T0);
    }

    @Test
    void manyAddressesNeverGrowItBeyondItsBoundAndTheAddressWithTheOldestFailureIsForgottenFirst() {
        fail(3, T0);
        for (int i = 0; i < 999; i++) limiter.recordFailure("10.0." + (i >> 8) + "." + (i & 255), T0 + 1);
        assertThat(limiter.size()).isEqualTo(1_000);
        fail(1, T0 + 2); // IP is now the most recent failure again
        for (int i = 0; i < 50_000; i++) {
            limiter.recordFailure("10.1." + (i >> 8) + "." + (i & 255), T0 + 3);
            if (i == 998) refusal(T0 + 3); // 999 newer addresses: IP is still remembered
        }
        assertThat(limiter.size()).isEqualTo(1_000);
        allowed(T0 + 3); // 50 000 newer addresses pushed it out
    }

    @Test
    void aFailureFromAnEarlierSlotThanTheNewestStillCounts() {
        fail(2, T0 + SLOT);
        fail(1, T0); // a concurrent login that read the clock a little earlier
        refusal(T0 + SLOT);
    }
}
