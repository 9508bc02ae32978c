package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Body size and depth over real HTTP: a body over the limit is 413 whether it has a Content-Length or is
 * chunked, however far over it is, and writes nothing; a body of exactly the limit is accepted; JSON
 * nested a hundred deep is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BadInputLimitsSuite extends BadInputHarness {

    private static final int MAX_BODY = 4 * 1024 * 1024;

    // ---------------------------------------------------------------- size and depth

    @Test
    void aBodyOverTheLimitWithContentLengthIs413AndWritesNothing() throws Exception {
        String p = project();
        byte[] body = secretBody(p, MAX_BODY + 1);
        assertThat(body.length).isEqualTo(MAX_BODY + 1);
        Api.Response r = rawAnsweredBeforeTheBody(
                "POST",
                "/api/v3/secrets/raw/TOO_BIG",
                "application/json",
                HttpRequest.BodyPublishers.ofByteArray(body));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertErrorFormat(r, 413, "PayloadTooLarge");
        assertThat(r.message()).contains(Integer.toString(MAX_BODY));
        assertThat(r.body().length()).as("the answer does not echo the body").isLessThan(1000);
        assertThat(keys(p, "/")).isEmpty();
        assertThat(send("GET", "/api/status", null, Map.of()).status())
                .as("the server still serves")
                .isEqualTo(200);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndWritesNothing() throws Exception {
        String p = project();
        byte[] body = secretBody(p, MAX_BODY + 64 * 1024);
        // ofInputStream has no known length, so the client sends Transfer-Encoding: chunked and no Content-Length
        Api.Response r = rawAnsweredBeforeTheBody(
                "POST",
                "/api/v3/secrets/raw/TOO_BIG_CHUNKED",
                "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertErrorFormat(r, 413, "PayloadTooLarge");
        assertThat(keys(p, "/")).isEmpty();

        // far beyond the limit (and beyond the web server's own backstop) the answer is the same
        long huge = 3L * MAX_BODY;
        Api.Response r2 = rawAnsweredBeforeTheBody(
                "POST",
                "/api/v3/secrets/raw/TOO_BIG_CHUNKED",
                "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> endless(p, huge)));
        assertThat(r2.status()).as(r2.body()).isEqualTo(413);
        assertThat(keys(p, "/")).isEmpty();
        assertThat(send("GET", "/api/status", null, Map.of()).status())
                .as("the server still serves")
                .isEqualTo(200);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsAccepted() throws Exception {
        String p = project();
        byte[] body = secretBody(p, 10_000);
        Api.Response r = raw(
                "POST",
                "/api/v3/secrets/raw/SMALL_CHUNKED",
                "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(keys(p, "/")).containsExactly("SMALL_CHUNKED");
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() throws Exception {
        String p = project();
        byte[] body = secretBody(p, MAX_BODY);
        Api.Response r = raw(
                "POST",
                "/api/v3/secrets/raw/AT_LIMIT",
                "application/json",
                HttpRequest.BodyPublishers.ofByteArray(body));
        assertThat(r.status())
                .as(r.status() + " "
                        + r.body().substring(0, Math.min(300, r.body().length())))
                .isEqualTo(200);
        assertThat(keys(p, "/")).containsExactly("AT_LIMIT");
    }

    @Test
    void jsonNestedOneHundredDeepIs400MentioningNesting() {
        String p = project();
        String nested = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        String body = "{\"workspaceId\":\"" + p + "\",\"environment\":\"dev\",\"secretValue\":\"x\",\"extra\":" + nested
                + "}";
        Api.Response r = send("POST", "/api/v3/secrets/raw/DEEP", body, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertErrorFormat(r, 400, "BadRequest");
        assertThat(r.message()).containsIgnoringCase("nest");
        String arrays = "[".repeat(100) + "]".repeat(100);
        Api.Response r2 = send(
                "POST",
                "/api/v3/secrets/batch/raw",
                "{\"workspaceId\":\"" + p + "\",\"environment\":\"dev\",\"secrets\":" + arrays + "}",
                Map.of());
        assertThat(r2.status()).as(r2.body()).isEqualTo(400);
        assertThat(r2.message()).containsIgnoringCase("nest");
        assertThat(keys(p, "/")).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** A JSON secret-create body of exactly {@code size} bytes (ASCII). */
    private static byte[] secretBody(String project, int size) {
        String head = "{\"workspaceId\":\"" + project + "\",\"environment\":\"dev\",\"secretValue\":\"";
        String tail = "\"}";
        int fill = size - head.length() - tail.length();
        return (head + "v".repeat(fill) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    /** A stream of a valid secret-create body of {@code size} bytes, generated without holding it in memory. */
    private static InputStream endless(String project, long size) {
        byte[] head = ("{\"workspaceId\":\"" + project + "\",\"environment\":\"dev\",\"secretValue\":\"")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        long fill = size - head.length - tail.length;
        InputStream filler = new InputStream() {
            long left = fill;

            @Override
            public int read() {
                if (left <= 0) return -1;
                left--;
                return 'v';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'v');
                left -= n;
                return n;
            }
        };
        return new SequenceInputStream(Collections.enumeration(
                List.of(new ByteArrayInputStream(head), filler, new ByteArrayInputStream(tail))));
    }
}
