package dev.coffer.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Times as clients are sent them: ISO-8601 exactly as {@link Instant#toString()} writes it, whatever was formatted before. */
class IdsTest {

    @Test
    void aTimeIsWrittenAsInstantWritesItEvenWhenItsSlotHeldAnotherTime() {
        Random random = new Random(12);
        long[] times = new long[20_000];
        for (int i = 0; i < times.length; i++) {
            times[i] = i % 3 == 0
                    ? random.nextLong(0, 4_000_000_000_000L) / 1000 * 1000
                    : random.nextLong(-1L << 40, 1L << 42);
        }
        for (int round = 0; round < 2; round++) {
            for (long t : times)
                assertThat(Ids.iso(t)).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
        assertThat(Ids.iso(0)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(Ids.iso(1_764_560_000_123L)).isEqualTo("2025-12-01T03:33:20.123Z");
    }
}
