package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {

    @Test
    void encodeGivesLowercaseHex() {
        assertThat(Hex.encode(new byte[] {0x00, 0x7f, (byte) 0x80, (byte) 0xff, 0x0a}))
                .isEqualTo("007f80ff0a");
    }

    @Test
    void decodeReversesEncode() {
        byte[] bytes = SecureRandoms.bytes(64);
        assertThat(Hex.decode(Hex.encode(bytes))).isEqualTo(bytes);
        assertThat(Hex.decode("")).isEmpty();
    }

    @Test
    void decodeAcceptsUppercase() {
        assertThat(Hex.decode("ABcdEF")).isEqualTo(new byte[] {(byte) 0xab, (byte) 0xcd, (byte) 0xef});
    }

    @Test
    void decodeRejectsOddLengthSayingSo() {
        assertThatThrownBy(() -> Hex.decode("abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("odd length 3");
    }

    @Test
    void decodeRejectsNonHexCharactersWithoutQuotingThem() {
        assertThatThrownBy(() -> Hex.decode("0g"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-hex character at index 1")
                .hasMessageNotContaining("g\"");
        assertThatThrownBy(() -> Hex.decode("\uff11\uff11")).isInstanceOf(IllegalArgumentException.class);
    }
}
