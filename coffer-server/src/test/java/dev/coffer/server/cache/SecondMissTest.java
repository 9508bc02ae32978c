package dev.coffer.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A full cache's door: a key is taken in at its second miss, unless other misses took its slot meanwhile. */
class SecondMissTest {

    @Test
    void aKeyMissedASecondTimeIsAdmittedOnceAndThenNotedAgain() {
        SecondMiss door = new SecondMiss(64);
        assertThat(door.admit("/api")).isFalse();
        assertThat(door.admit("/api")).isTrue();
        assertThat(door.admit("/api")).as("admitted, its note is gone").isFalse();
        assertThat(door.admit("/api")).isTrue();
    }

    @Test
    void manyKeysMissedOnceAdmitFewWhileAKeyMissedAgainSoonIsAdmitted() {
        SecondMiss door = new SecondMiss(1024);
        int admitted = 0;
        for (int i = 0; i < 100_000; i++) {
            if (door.admit("/f" + i)) admitted++;
        }
        assertThat(admitted).as("distinct keys are admitted only by collision").isLessThan(100);
        for (int i = 0; i < 1_000; i++) {
            door.admit("/hot");
            assertThat(door.admit("/hot")).isTrue();
            door.admit("/cold" + i);
        }
    }
}
