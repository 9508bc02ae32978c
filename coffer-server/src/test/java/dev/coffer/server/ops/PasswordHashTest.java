package dev.coffer.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Password;
import org.junit.jupiter.api.Test;

/** The bootstrap user's password is hashed with Argon2id at parameters Coffer chose, not library defaults. */
class PasswordHashTest {

    @Test
    void theHashIsArgon2idVersion13With19MiBTwoIterationsAndOneLane() {
        String hash = BootstrapService.hashPassword("correct horse battery");

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Password.check("correct horse battery", hash).with(BootstrapService.PASSWORD_HASH))
                .isTrue();
        assertThat(Password.check("correct horse batterY", hash).with(BootstrapService.PASSWORD_HASH))
                .isFalse();
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        assertThat(BootstrapService.hashPassword("same password"))
                .isNotEqualTo(BootstrapService.hashPassword("same password"));
    }
}
