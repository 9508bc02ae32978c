package dev.coffer.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import org.junit.jupiter.api.Test;

/**
 * People's password hashes: Argon2id v1.3 at 19 MiB, 2 iterations, one lane, in the PHC string format;
 * the hashes stored by earlier releases (password4j's hasher) still check, and the new ones check with
 * it; a stored hash that is not such a hash is a mismatch, never an error or a huge computation.
 */
class Argon2idTest {

    private static final Argon2Function EARLIER =
            Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);

    /** Made by an earlier release for "correct horse battery staple". */
    private static final String STORED =
            "$argon2id$v=19$m=19456,t=2,p=1$aPKujPO5qg0tAqzno3Hm2A$Nro8sBUktcfl4bPHRKi3VF3X1X6emTiLTiUOwtZyVTU";

    @Test
    void aHashNamesItsParametersAndChecksOnlyTheRightPassword() {
        String hash = Argon2id.hash("correct horse battery staple");

        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(Argon2id.matches("correct horse battery staple", hash)).isTrue();
        assertThat(Argon2id.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(Argon2id.hash("correct horse battery staple")).isNotEqualTo(hash);
    }

    @Test
    void aHashStoredByAnEarlierReleaseStillChecks() {
        assertThat(Argon2id.matches("correct horse battery staple", STORED)).isTrue();
        assertThat(Argon2id.matches("Correct horse battery staple", STORED)).isFalse();
    }

    @Test
    void hashesMadeByEitherHasherCheckWithTheOther() {
        String earlier = Password.hash("ünïcödé pässwörd ✓")
                .addRandomSalt(16)
                .with(EARLIER)
                .getResult();
        String now = Argon2id.hash("ünïcödé pässwörd ✓");

        assertThat(Argon2id.matches("ünïcödé pässwörd ✓", earlier)).isTrue();
        assertThat(Password.check("ünïcödé pässwörd ✓", now).with(EARLIER)).isTrue();
        assertThat(Password.check("unicode password", now).with(EARLIER)).isFalse();
    }

    @Test
    void aStoredValueThatIsNotAnArgon2idHashIsAMismatch() {
        String[] bad = {
            "",
            "plain text",
            "$argon2i$v=19$m=19456,t=2,p=1$j8Hq2ysuhSkANZTGsHxu3A$3Ei6Q/PCEygqXHbKRHnq8etlD2r7rxhWtWG6Up95KOs",
            "$argon2id$v=16$m=19456,t=2,p=1$j8Hq2ysuhSkANZTGsHxu3A$3Ei6Q/PCEygqXHbKRHnq8etlD2r7rxhWtWG6Up95KOs",
            "$argon2id$v=19$m=19456,t=2$j8Hq2ysuhSkANZTGsHxu3A$3Ei6Q/PCEygqXHbKRHnq8etlD2r7rxhWtWG6Up95KOs",
            "$argon2id$v=19$m=99999999,t=2,p=1$j8Hq2ysuhSkANZTGsHxu3A$3Ei6Q/PCEygqXHbKRHnq8etlD2r7rxhWtWG6Up95KOs",
            "$argon2id$v=19$m=19456,t=999,p=1$j8Hq2ysuhSkANZTGsHxu3A$3Ei6Q/PCEygqXHbKRHnq8etlD2r7rxhWtWG6Up95KOs",
            "$argon2id$v=19$m=19456,t=2,p=x$j8Hq2ysuhSkANZTGsHxu3A$3Ei6Q/PCEygqXHbKRHnq8etlD2r7rxhWtWG6Up95KOs",
            "$argon2id$v=19$m=19456,t=2,p=1$not base64!$3Ei6Q/PCEygqXHbKRHnq8etlD2r7rxhWtWG6Up95KOs",
            "$argon2id$v=19$m=19456,t=2,p=1$j8Hq2ysuhSkANZTGsHxu3A$",
            "$argon2id$v=19$m=19456,t=2,p=1$j8Hq2ysuhSkANZTGsHxu3A$3Ei6Q/PCEygqXHbKRHnq8etlD2r7rxhWtWG6Up95KOs$",
        };
        for (String stored : bad)
            assertThat(Argon2id.matches("correct horse battery staple", stored))
                    .as(stored)
                    .isFalse();
    }
}
