package dev.coffer.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AeadTest {

    private final byte[] key = SecureRandoms.bytes(32);
    private final Aead aead = Aead.of(key);
    private final byte[] plaintext = "postgres://admin:hunter2@db/prod".getBytes(UTF_8);
    private final byte[] aad = "secret:42".getBytes(UTF_8);

    @Test
    void openReturnsWhatWasSealed() {
        assertThat(aead.open(aead.seal(plaintext, aad), aad)).isEqualTo(plaintext);
    }

    @Test
    void sealedBlobIsIvPlusCiphertextPlusTag() {
        assertThat(aead.seal(plaintext, aad)).hasSize(12 + plaintext.length + 16);
    }

    @Test
    void aPrefixGoesBeforeTheBlobAndOpeningSkipsIt() {
        byte[] header = {(byte) 0xC0, 1, 0, 0, 0, 7};
        byte[] sealed = aead.seal(header, plaintext, aad);

        assertThat(sealed).hasSize(header.length + 12 + plaintext.length + 16).startsWith(header);
        assertThat(aead.open(sealed, header.length, aad)).isEqualTo(plaintext);
        assertThatThrownBy(() -> aead.open(sealed, header.length - 1, aad))
                .isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> aead.open(sealed, sealed.length - 27, aad))
                .isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> aead.open(sealed, -1, aad)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void emptyPlaintextRoundTrips() {
        byte[] sealed = aead.seal(new byte[0], aad);
        assertThat(sealed).hasSize(28);
        assertThat(aead.open(sealed, aad)).isEmpty();
    }

    @Test
    void nullAssociatedDataIsTheSameAsEmpty() {
        assertThat(aead.open(aead.seal(plaintext, null), new byte[0])).isEqualTo(plaintext);
    }

    @Test
    void sealingTwiceGivesDifferentBlobs() {
        assertThat(aead.seal(plaintext, aad)).isNotEqualTo(aead.seal(plaintext, aad));
    }

    @Test
    void openFailsOnAFlippedBitInTheIv() {
        assertOpenFailsWithBitFlippedAt(0);
    }

    @Test
    void openFailsOnAFlippedBitInTheCiphertext() {
        assertOpenFailsWithBitFlippedAt(12 + 3);
    }

    @Test
    void openFailsOnAFlippedBitInTheTag() {
        assertOpenFailsWithBitFlippedAt(12 + plaintext.length + 15);
    }

    @Test
    void openFailsUnderAWrongKey() {
        byte[] sealed = aead.seal(plaintext, aad);
        Aead other = Aead.of(SecureRandoms.bytes(32));
        assertThatThrownBy(() -> other.open(sealed, aad)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void openFailsWhenAssociatedDataDiffers() {
        byte[] sealed = aead.seal(plaintext, aad);
        assertThatThrownBy(() -> aead.open(sealed, "secret:43".getBytes(UTF_8)))
                .isInstanceOf(DecryptionFailedException.class)
                .hasMessage(DecryptionFailedException.GENERIC_MESSAGE);
    }

    @Test
    void openFailsOnABlobShorterThan28Bytes() {
        byte[] truncated = java.util.Arrays.copyOf(aead.seal(new byte[0], aad), 27);
        assertThatThrownBy(() -> aead.open(truncated, aad)).isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> aead.open(new byte[0], aad)).isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void ofRejectsA16ByteKeyNamingItsLength() {
        assertThatThrownBy(() -> Aead.of(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
    }

    @Test
    void ofCopiesTheKeySoLaterChangesHaveNoEffect() {
        byte[] mutable = key.clone();
        Aead copy = Aead.of(mutable);
        mutable[0] ^= 1;
        assertThat(copy.open(aead.seal(plaintext, aad), aad)).isEqualTo(plaintext);
    }

    @Test
    void toStringDoesNotRevealTheKey() {
        String text = aead.toString();
        assertThat(text)
                .doesNotContain(Hex.encode(key))
                .doesNotContain(java.util.Base64.getEncoder().encodeToString(key));
        assertThat(text).doesNotContain(Hex.encode(key).substring(0, 8));
    }

    @Test
    void manyThreadsCanSealAndOpenConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        byte[] message = ("message " + i).getBytes(UTF_8);
                        if (!java.util.Arrays.equals(aead.open(aead.seal(message, aad), aad), message)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertOpenFailsWithBitFlippedAt(int index) {
        byte[] sealed = aead.seal(plaintext, aad);
        sealed[index] ^= 0x01;
        assertThatThrownBy(() -> aead.open(sealed, aad)).isInstanceOf(DecryptionFailedException.class);
    }
}
