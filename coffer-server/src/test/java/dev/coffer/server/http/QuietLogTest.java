package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The log of client misbehaviour: one line per event, at most N a minute, then one summary line. */
class QuietLogTest {

    @Test
    void atMostNLinesAMinuteAndTheRestSummedUpWhenTheNextMinuteStarts() {
        String name = "coffer.test.quiet." + System.nanoTime();
        Logger jul = Logger.getLogger(name);
        List<LogRecord> records = new ArrayList<>();
        jul.setUseParentHandlers(false);
        jul.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
        TestClock clock = new TestClock();
        QuietLog log = new QuietLog(System.getLogger(name), clock, 3);

        for (int i = 0; i < 10; i++) log.event("203.0.113.9 hung up while sending a request body (400)");
        assertThat(records).hasSize(3);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.getThrown()).isNull();
            assertThat(r.getMessage()).doesNotContain("\n");
        });

        clock.advance(Duration.ofSeconds(61));
        log.event("203.0.113.9 hung up while sending a request body (400)");
        assertThat(records).hasSize(5);
        assertThat(records.get(3).getMessage()).isEqualTo("suppressed 7 similar lines in the last minute");
        assertThat(records.get(4).getMessage()).contains("hung up");

        clock.advance(Duration.ofSeconds(61));
        log.event("again");
        assertThat(records).as("nothing was suppressed, so no summary").hasSize(6);
    }
}
