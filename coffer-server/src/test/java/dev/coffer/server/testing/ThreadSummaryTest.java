package dev.coffer.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class ThreadSummaryTest {

    private static void waitHere() {
        while (!Thread.currentThread().isInterrupted()) LockSupport.park();
    }

    @Test
    void aVirtualThreadParkedInCoffersCodeIsCountedWhereItWaits() throws Exception {
        CountDownLatch parked = new CountDownLatch(1);
        Thread waiting = Thread.ofVirtual().start(() -> {
            parked.countDown();
            waitHere();
        });
        parked.await();
        try {
            String summary = ThreadSummary.now();
            assertThat(summary)
                    .startsWith("threads in Coffer's code: ")
                    .contains("ThreadSummaryTest.waitHere(ThreadSummaryTest.java")
                    .contains("<- LockSupport.park")
                    .contains("threads.json");
        } finally {
            waiting.interrupt();
        }
    }
}
