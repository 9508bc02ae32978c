package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A client secret's TTL is in seconds from its creation; 0 means it never expires. */
class ClientSecretTest {

    private static final long CREATED = 1_700_000_000_123L;

    private static ClientSecret withTtl(long ttlSeconds) {
        return new ClientSecret(
                "cs-1", "identity-1", "abcd", new byte[32], "test", ttlSeconds, 0, 0, false, CREATED, CREATED);
    }

    @Test
    void aOneSecondSecretIsValidUntilOneMillisecondBeforeASecondHasPassed() {
        ClientSecret s = withTtl(1);
        assertThat(s.expiredAt(CREATED)).isFalse();
        assertThat(s.expiredAt(CREATED + 1))
                .as("the TTL is seconds, not milliseconds")
                .isFalse();
        assertThat(s.expiredAt(CREATED + 999)).isFalse();
    }

    @Test
    void aOneSecondSecretHasExpiredExactlyOneSecondAfterItsCreation() {
        ClientSecret s = withTtl(1);
        assertThat(s.expiredAt(CREATED + 1_000))
                .as("the TTL is seconds, not kiloseconds")
                .isTrue();
        assertThat(s.expiredAt(CREATED + 1_001)).isTrue();
    }

    @Test
    void aLongerTtlEndsAtItsNumberOfSeconds() {
        ClientSecret s = withTtl(3_600);
        assertThat(s.expiredAt(CREATED + 3_600_000 - 1)).isFalse();
        assertThat(s.expiredAt(CREATED + 3_600_000)).isTrue();
    }

    @Test
    void aSecretWithTtlZeroNeverExpires() {
        ClientSecret s = withTtl(0);
        assertThat(s.expiredAt(CREATED)).isFalse();
        assertThat(s.expiredAt(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void itsTextFormLeavesOutTheHmac() {
        assertThat(withTtl(1).toString()).isEqualTo("ClientSecret[id=cs-1, prefix=abcd, revoked=false]");
    }
}
