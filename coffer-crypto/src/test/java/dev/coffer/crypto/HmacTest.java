package dev.coffer.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HmacTest {

    private static final String RFC4231_CASE2_TAG = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void rfc4231TestCase2WithKeyJefeGivesPublishedTag() {
        Hmac hmac = Hmac.sha256("Jefe".getBytes(UTF_8));
        assertThat(Hex.encode(hmac.mac("what do ya want for nothing?"))).isEqualTo(RFC4231_CASE2_TAG);
        assertThat(Hex.encode(hmac.mac("what do ya want for nothing?".getBytes(UTF_8))))
                .isEqualTo(RFC4231_CASE2_TAG);
    }

    @Test
    void repeatedMacsOfTheSameDataAreEqual() {
        Hmac hmac = Hmac.sha256(SecureRandoms.bytes(32));
        assertThat(hmac.mac("a")).isEqualTo(hmac.mac("a")).isNotEqualTo(hmac.mac("b"));
    }

    @Test
    void emptyKeyIsRejected() {
        assertThatThrownBy(() -> Hmac.sha256(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringDoesNotRevealTheKey() {
        byte[] key = SecureRandoms.bytes(32);
        assertThat(Hmac.sha256(key).toString()).doesNotContain(Hex.encode(key).substring(0, 8));
    }
}
