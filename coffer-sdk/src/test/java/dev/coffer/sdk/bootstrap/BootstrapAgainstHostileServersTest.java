package dev.coffer.sdk.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.sdk.RawServer;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Mode;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Result;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hostile server says reaches the start-up warnings and logs only defused. */
class BootstrapAgainstHostileServersTest {

    @TempDir
    Path tmp;

    @Test
    void aHostileErrorMessageReachesWarningsAndLogsWithoutTerminalEscapesOrTheClientSecret() {
        String secret = "client-secret-7a0b3e55d2";
        String hostile = "denied \u001b]8;;http://evil/\u0007click\u001b]8;;\u0007 \u001b[2J\u202e " + secret;
        String body = "{\"message\":\"" + hostile.replace("\u001b", "\\u001b").replace("\u0007", "\\u0007") + "\"}";
        try (RawServer server = RawServer.answering(RawServer.json(401, body))) {
            Settings s = Settings.from(
                            Map.of(
                                    "COFFER_API_URL", server.baseUrl(),
                                    "COFFER_PROJECT_ID", "p",
                                    "COFFER_ENV", "dev",
                                    "COFFER_CLIENT_ID", "id-1",
                                    "COFFER_CLIENT_SECRET", secret),
                            null)
                    .withCacheDirectory(tmp)
                    .withTimeout(Duration.ofSeconds(5));
            List<LogRecord> logged = new ArrayList<>();
            Result r = withLogCapture(logged, () -> CofferBootstrap.load(s, Mode.LENIENT));

            List<String> texts = new ArrayList<>(r.warnings());
            logged.forEach(l -> texts.add(l.getMessage()));
            assertThat(texts).isNotEmpty().anySatisfy(t -> assertThat(t).contains("denied \\u001b]8;;http://evil/"));
            for (String t : texts) {
                assertThat(t).doesNotContain(secret);
                assertThat(t.chars()).noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x202e);
            }
        }
    }

    private static <T> T withLogCapture(List<LogRecord> into, java.util.function.Supplier<T> action) {
        return dev.coffer.sdk.LogCapture.during(CofferBootstrap.class, into, action);
    }
}
