package dev.coffer.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client against servers that misbehave on purpose: answers without end, answers that claim to be
 * huge, answers that stall after their head, and error messages full of terminal escapes or echoing the
 * client's credentials.
 */
class HostileServerTest {

    private static final long LIMIT = 1024 * 1024;
    private static final Scope SCOPE = Scope.of("p", "dev");

    private static CofferClient client(RawServer server) {
        return CofferClient.builder()
                .apiUrl(server.baseUrl())
                .token("fixed-access-token-5d1c")
                .timeout(Duration.ofSeconds(5))
                .maxResponseBytes(LIMIT)
                .build();
    }

    /** A 200 whose JSON body never ends (chunked or, with {@code close}, delimited by closing): 256 MiB at most. */
    private static RawServer endless(int status, boolean chunked) {
        return RawServer.answering(out -> {
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\n"
                            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Connection: close\r\n") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("[" + "0,".repeat(32 * 1024)).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 256 * 1024 * 1024 / chunk.length; i++) write(out, chunk, chunked);
        });
    }

    private static void write(OutputStream out, byte[] b, boolean chunked) throws java.io.IOException {
        if (chunked) out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertStoppedReadingEarly(RawServer server) {
        System.out.printf(
                "the client stopped after the server wrote %d bytes of an endless answer (limit %d)%n",
                server.bytesWritten(), LIMIT);
        // what the client's socket buffers took beyond the limit, not the 256 MiB the server had to send
        assertThat(server.bytesWritten()).isLessThan(32 * LIMIT);
    }

    @Test
    void anAnswerWithoutEndFailsOnceTheLimitIsPassedAndIsNotReadFurther() {
        for (boolean chunked : new boolean[] {true, false}) {
            try (RawServer server = endless(200, chunked)) {
                CofferException e = catchThrowableOfType(
                        CofferException.Unavailable.class, () -> client(server).listSecrets(SCOPE));
                assertThat(e.getMessage())
                        .contains("more than 1 MiB")
                        .contains("maxResponseBytes")
                        .contains("GET /api/v3/secrets/raw");
                assertStoppedReadingEarly(server);
            }
        }
    }

    @Test
    void anErrorAnswerWithoutEndIsBoundedToo() {
        try (RawServer server = endless(500, true)) {
            CofferException e = catchThrowableOfType(
                    CofferException.class, () -> client(server).listSecrets(SCOPE));
            assertThat(e.getMessage()).contains("more than 1 MiB");
            assertStoppedReadingEarly(server);
        }
    }

    @Test
    void aPatchAnswerWithoutEndIsBoundedToo() {
        try (RawServer server = endless(200, true)) {
            CofferException e = catchThrowableOfType(
                    CofferException.Unavailable.class, () -> client(server).upsertSecrets(SCOPE, Map.of("A", "1")));
            assertThat(e.getMessage()).contains("more than 1 MiB").contains("PATCH");
            assertStoppedReadingEarly(server);
        }
    }

    @Test
    void aContentLengthOverTheLimitFailsBeforeTheBodyIsRead() {
        RawServer.Handler claimsHuge = out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
        };
        try (RawServer server = RawServer.answering(claimsHuge)) {
            CofferException e = catchThrowableOfType(
                    CofferException.Unavailable.class, () -> client(server).listSecrets(SCOPE));
            assertThat(e.getMessage()).contains("more than 1 MiB");
            CofferException patch = catchThrowableOfType(
                    CofferException.Unavailable.class, () -> client(server).upsertSecrets(SCOPE, Map.of("A", "1")));
            assertThat(patch.getMessage()).contains("more than 1 MiB");
        }
    }

    @Test
    void anAnswerThatStallsAfterItsHeadersTimesOutForEveryMethod() {
        RawServer.Handler stalls = out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (RawServer server = RawServer.answering(stalls)) {
            CofferClient client = CofferClient.builder()
                    .apiUrl(server.baseUrl())
                    .token("fixed-access-token-5d1c")
                    .timeout(Duration.ofMillis(500))
                    .build();
            CofferException get =
                    catchThrowableOfType(CofferException.Unavailable.class, () -> client.listSecrets(SCOPE));
            assertThat(get.getMessage()).contains("did not answer within 500 ms");
            CofferException patch = catchThrowableOfType(
                    CofferException.Unavailable.class, () -> client.upsertSecrets(SCOPE, Map.of("A", "1")));
            assertThat(patch.getMessage()).contains("did not answer within 500 ms");
        }
    }

    @Test
    void anAnswerWithinTheLimitIsReadWhole() {
        String pad = "p".repeat((int) LIMIT - 200);
        String body = "{\"secrets\":[{\"secretKey\":\"K\",\"secretValue\":\"v\"}],\"pad\":\"" + pad + "\"}";
        try (RawServer server = RawServer.answering(RawServer.json(200, body))) {
            assertThat(client(server).secretMap(SCOPE)).containsExactly(Map.entry("K", "v"));
        }
        assertThat(CofferClient.DEFAULT_MAX_RESPONSE_BYTES).isEqualTo(32L * 1024 * 1024);
    }

    @Test
    void aHostileErrorMessageReachesTheExceptionWithoutControlCharactersAndBounded() {
        String hostile =
                "Forbidden\u001b]0;owned\u0007\u001b[2J\u009b1m\u202eevil\n2026 INFO forged line " + "x".repeat(5000);
        String body = "{\"message\":\"" + json(hostile) + "\",\"error\":\"" + json("Perm\u001b[5mDenied") + "\"}";
        try (RawServer server = RawServer.answering(RawServer.json(403, body))) {
            CofferException e = catchThrowableOfType(
                    CofferException.Forbidden.class, () -> client(server).listSecrets(SCOPE));
            assertThat(e.getMessage()).startsWith("Forbidden\\u001b]0;owned").contains("\\u202eevil");
            assertThat(e.getMessage().length()).isLessThan(ServerText.MAX_MESSAGE + 40);
            assertThat(e.error()).isEqualTo("Perm\\u001b[5mDenied");
            for (String text : new String[] {e.getMessage(), e.error(), e.toString()}) {
                assertThat(text.chars())
                        .noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x202e || c == '\n');
            }
        }
    }

    @Test
    void credentialsEchoedByTheServerAreRemovedFromMessages() {
        String secret = "client-secret-echo-8e41f0";
        String token = "fixed-access-token-5d1c";
        try (RawServer server = RawServer.answering(
                RawServer.json(401, "{\"message\":\"bad clientSecret " + secret + " for 'id-1'\"}"))) {
            CofferClient ua = CofferClient.builder()
                    .apiUrl(server.baseUrl())
                    .universalAuth("id-1", secret)
                    .build();
            CofferException e = catchThrowableOfType(CofferException.Unauthorized.class, ua::login);
            assertThat(e.getMessage()).isEqualTo("bad clientSecret [redacted] for 'id-1'");
        }
        try (RawServer server =
                RawServer.answering(RawServer.json(400, "{\"message\":\"token " + token + " is malformed\"}"))) {
            CofferException e = catchThrowableOfType(
                    CofferException.class, () -> client(server).listSecrets(SCOPE));
            assertThat(e.getMessage()).isEqualTo("token [redacted] is malformed");
        }
    }

    private static String json(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
