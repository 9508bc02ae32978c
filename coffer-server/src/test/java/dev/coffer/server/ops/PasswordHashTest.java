package dev.coffer.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import org.junit.jupiter.api.Test;

/** The bootstrap user's password is hashed with Argon2id at parameters Coffer chose, not library defaults. */
class PasswordHashTest {

    /** The hasher of earlier releases, with the parameters they used. */
    private static final Argon2Function EARLIER =
            Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);

    @Test
    void theHashIsArgon2idVersion13With19MiBTwoIterationsAndOneLane() {
        String hash = BootstrapService.hashPassword("correct horse battery");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Password.check("correct horse battery", hash).with(EARLIER)).isTrue();
        assertThat(Password.check("correct horse batterY", hash).with(EARLIER)).isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        assertThat(BootstrapService.hashPassword("same password"))
                .isNotEqualTo(BootstrapService.hashPassword("same password"));
    }
}
