package dev.coffer.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Password work runs on the threads made for it, never on the request's own (virtual) thread, whose
 * carrier every other request needs; its outcome and failures reach the caller as if it had run there.
 */
class PasswordsTest {

    private final Set<Thread> ranOn = ConcurrentHashMap.newKeySet();
    private final ExecutorService hashing = Executors.newFixedThreadPool(
            1,
            r -> new Thread(() -> {
                ranOn.add(Thread.currentThread());
                r.run();
            }));
    private final Passwords passwords = new Passwords(hashing);

    @Test
    void aHashAndItsCheckAreComputedOnThePasswordThreadsAndAnswerTheCaller() throws Exception {
        Thread request = Thread.ofVirtual().unstarted(() -> {
            String hash = passwords.hashBounded("correct horse battery");
            assertThat(passwords.matches("correct horse battery", hash)).isTrue();
            assertThat(passwords.matches("wrong horse battery", hash)).isFalse();
            assertThat(passwords.matches("anything at all", null))
                    .as("the decoy")
                    .isFalse();
        });
        Set<Throwable> failures = ConcurrentHashMap.newKeySet();
        request.setUncaughtExceptionHandler((t, e) -> failures.add(e));
        request.start();
        request.join();

        assertThat(failures).isEmpty();
        assertThat(ranOn).hasSize(1).doesNotContain(request);
        assertThat(ranOn.iterator().next().isVirtual()).isFalse();
        hashing.shutdownNow();
    }

    @Test
    void aHashThatIsNotArgon2idChecksFalseFromThePasswordThreads() {
        assertThat(passwords.matches("x", "$2a$10$notargon")).isFalse();
        assertThat(ranOn).hasSize(1);
        hashing.shutdownNow();
    }
}
