package dev.coffer.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyWrapTest {

    private final Aead kek = Aead.of(SecureRandoms.bytes(32));
    private final byte[] dataKey = SecureRandoms.bytes(32);

    @Test
    void unwrapReturnsTheWrappedKey() {
        byte[] wrapped = KeyWrap.wrap(kek, dataKey, "project:p1");
        assertThat(wrapped).hasSize(60);
        assertThat(KeyWrap.unwrap(kek, wrapped, "project:p1")).isEqualTo(dataKey);
    }

    @Test
    void unwrapFailsForAnotherPurpose() {
        byte[] wrapped = KeyWrap.wrap(kek, dataKey, "project:p1");
        assertThatThrownBy(() -> KeyWrap.unwrap(kek, wrapped, "project:p2"))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("project:p2");
    }

    @Test
    void unwrapFailsUnderAnotherKek() {
        byte[] wrapped = KeyWrap.wrap(kek, dataKey, "project:p1");
        Aead otherKek = Aead.of(SecureRandoms.bytes(32));
        assertThatThrownBy(() -> KeyWrap.unwrap(otherKek, wrapped, "project:p1"))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void associatedDataIsTheVersionedPrefixPlusPurpose() {
        byte[] wrapped = KeyWrap.wrap(kek, dataKey, "root");
        assertThat(kek.open(wrapped, "coffer-keywrap/v1:root".getBytes(UTF_8))).isEqualTo(dataKey);
    }

    @Test
    void unwrapRejectsAnAuthenticBlobThatIsNot32Bytes() {
        byte[] wrongLength = kek.seal(new byte[16], "coffer-keywrap/v1:root".getBytes(UTF_8));
        assertThatThrownBy(() -> KeyWrap.unwrap(kek, wrongLength, "root"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("16 bytes");
    }

    @Test
    void wrapRejectsKeysThatAreNot32Bytes() {
        assertThatThrownBy(() -> KeyWrap.wrap(kek, new byte[16], "root"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
    }
}
