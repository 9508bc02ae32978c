package dev.coffer.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Plain http:// to another machine: a warning, once per server, through the SDK's logger; refused
 * outright with {@code requireHttps(true)}. Loopback and https are left alone. No request is sent.
 */
class PlainHttpTest {

    private static CofferClient.Builder to(String url) {
        return CofferClient.builder().apiUrl(url).token("t-1234567890");
    }

    /** A host name no other test uses, since each server is warned about once per process. */
    private static String freshHost() {
        return "coffer-" + System.nanoTime() + ".example.test";
    }

    @Test
    void plainHttpToAnotherHostIsWarnedAboutOnceWithoutTheUrlsUserInfo() {
        String host = freshHost();
        List<LogRecord> logged = capture(() -> {
            to("http://admin:hunter2-pw@" + host + ":8080").build();
            to("http://" + host + ":8080/api").build();
            to("http://" + host + ":8080").build();
        });
        assertThat(logged).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage())
                    .contains("http://" + host + ":8080")
                    .contains("unencrypted")
                    .contains("requireHttps(true)")
                    .doesNotContain("hunter2-pw");
        });
    }

    @Test
    void loopbackAndHttpsAreNotWarnedAbout() {
        List<LogRecord> logged = capture(() -> {
            for (String url : List.of(
                    "http://127.0.0.1:8080",
                    "http://127.3.4.5",
                    "http://localhost:9",
                    "http://LOCALHOST",
                    "http://[::1]:8080",
                    "https://" + freshHost())) {
                to(url).requireHttps(true).build();
                to(url).build();
            }
        });
        assertThat(logged).isEmpty();
    }

    @Test
    void requireHttpsRefusesPlainHttpToAnotherHostSayingWhy() {
        for (String url : List.of(
                "http://" + freshHost(), "http://10.0.0.7:8080", "http://127.0.0.1.nip.io", "http://[2001:db8::1]")) {
            List<LogRecord> logged = capture(
                    () -> assertThatThrownBy(() -> to(url).requireHttps(true).build())
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("plain http://")
                            .hasMessageContaining("requireHttps")
                            .hasMessageContaining("Use https://"));
            assertThat(logged).isEmpty();
        }
    }

    @Test
    void onlyLiteralLoopbackAddressesAndLocalhostCountAsThisMachine() {
        assertThat(Transport.isLoopback("127.0.0.1")).isTrue();
        assertThat(Transport.isLoopback("[0:0:0:0:0:0:0:1]")).isTrue();
        assertThat(Transport.isLoopback("127.0.0.1.attacker.example")).isFalse();
        assertThat(Transport.isLoopback("localhost.attacker.example")).isFalse();
        assertThat(Transport.isLoopback("128.0.0.1")).isFalse();
        assertThat(Transport.isLoopback("[::2]")).isFalse();
        assertThat(Transport.isLoopback("a:b")).isFalse();
    }

    private static List<LogRecord> capture(Runnable action) {
        List<LogRecord> into = new ArrayList<>();
        LogCapture.during(CofferClient.class, into, () -> {
            action.run();
            return null;
        });
        return into;
    }
}
