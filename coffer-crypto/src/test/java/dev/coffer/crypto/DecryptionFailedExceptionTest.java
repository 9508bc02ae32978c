package dev.coffer.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecryptionFailedExceptionTest {

    @Test
    void messageIsGenericWithoutContext() {
        assertThat(new DecryptionFailedException())
                .isInstanceOf(RuntimeException.class)
                .hasMessage(
                        "ciphertext could not be authenticated: wrong key, wrong associated data, or tampered data");
    }

    @Test
    void contextIsPrefixedToTheGenericMessage() {
        assertThat(new DecryptionFailedException("secret value of row 7"))
                .hasMessage("secret value of row 7: " + DecryptionFailedException.GENERIC_MESSAGE);
    }

    @Test
    void blankContextGivesTheGenericMessage() {
        assertThat(new DecryptionFailedException(" ")).hasMessage(DecryptionFailedException.GENERIC_MESSAGE);
        assertThat(new DecryptionFailedException(null)).hasMessage(DecryptionFailedException.GENERIC_MESSAGE);
    }
}
