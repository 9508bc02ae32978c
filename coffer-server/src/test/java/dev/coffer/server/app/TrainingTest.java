package dev.coffer.server.app;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The workload behind the server's start-up cache walks its paths with the answers it expects (each
 * step throws on another status), so the cache holds what those paths load.
 */
class TrainingTest {

    @Test
    void everyStepOfTheTrainingRunIsAnsweredAsExpected() {
        assertThatCode(Training::train).doesNotThrowAnyException();
    }
}
