package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecureRandomsTest {

    @Test
    void bytesHasTheRequestedLengthAndDiffersEachCall() {
        assertThat(SecureRandoms.bytes(32)).hasSize(32).isNotEqualTo(SecureRandoms.bytes(32));
        assertThat(SecureRandoms.bytes(0)).isEmpty();
    }

    @Test
    void hexIsLowercaseWithTwoCharactersPerByte() {
        assertThat(SecureRandoms.hex(16)).hasSize(32).matches("[0-9a-f]{32}");
    }

    @Test
    void base64UrlIsUnpaddedAndUrlSafe() {
        assertThat(SecureRandoms.base64Url(32)).hasSize(43).matches("[A-Za-z0-9_-]{43}");
        assertThat(SecureRandoms.base64Url(1)).hasSize(2);
    }

    @Test
    void negativeCountIsRejected() {
        assertThatThrownBy(() -> SecureRandoms.bytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
