package dev.coffer.server.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * Looks at the first request line of each connection before Helidon's HTTP/1.1 connection does, and
 * answers, in Infisical's error format, the lines Helidon would drop without a word or misread:
 * HTTP/1.0 gets 426 (Coffer speaks HTTP/1.1), any other version but HTTP/1.1 a 400, and so does a method
 * with lower-case letters (methods are case-sensitive; Helidon would serve {@code get} as {@code GET}).
 * Everything else goes on to HTTP/1.1. The connection is closed after the answer.
 */
final class RequestLineGate implements ServerConnectionSelector {

    /** A refusal: status, reason phrase, extra header lines, Infisical error name and message. */
    record Refusal(int status, String reason, String extraHeaders, String error, String message) {}

    private final Function<Refusal, byte[]> body;

    /** {@code body} renders the JSON error body of a refusal. */
    RequestLineGate(Function<Refusal, byte[]> body) {
        this.body = body;
    }

    /** What to answer to this request line, or null to let HTTP/1.1 handle it. */
    static Refusal check(String line) {
        int space = line.indexOf(' ');
        if (space <= 0) return null;
        if (line.endsWith(" HTTP/1.0")) {
            return new Refusal(
                    426,
                    "Upgrade Required",
                    "Upgrade: HTTP/1.1\r\n",
                    "UpgradeRequired",
                    "Coffer speaks HTTP/1.1 only; send the request as HTTP/1.1.");
        }
        if (!line.endsWith(" HTTP/1.1")) {
            return new Refusal(
                    400,
                    "Bad Request",
                    "",
                    "BadRequest",
                    "The request line must end with the protocol HTTP/1.1; check how the request is formed.");
        }
        for (int i = 0; i < space; i++) {
            char c = line.charAt(i);
            if (c >= 'a' && c <= 'z') {
                return new Refusal(
                        400,
                        "Bad Request",
                        "",
                        "BadRequest",
                        "Methods are case-sensitive and Coffer's are upper-case (GET, POST, PATCH, DELETE); "
                                + "send the method in upper case.");
            }
        }
        return null;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData request) {
        int lf = request.indexOf((byte) '\n');
        if (lf < 0) return Support.UNSUPPORTED;
        return check(firstLine(request.readString(lf, StandardCharsets.ISO_8859_1))) == null
                ? Support.UNSUPPORTED
                : Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new Refuse(ctx);
    }

    private static String firstLine(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** Answers the refusal and ends; the connection is closed by the web server afterwards. */
    private final class Refuse implements ServerConnection {
        private final ConnectionContext ctx;
        private final long started = System.nanoTime();

        Refuse(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(io.helidon.common.concurrency.limits.Limit limit) {
            DataReader reader = ctx.dataReader();
            int eol = reader.findNewLine(HttpServer.MAX_REQUEST_LINE);
            String line = new String(reader.readBytes(eol), StandardCharsets.ISO_8859_1);
            Refusal r = check(firstLine(line));
            if (r == null) return;
            byte[] json = body.apply(r);
            String head = "HTTP/1.1 " + r.status() + " " + r.reason() + "\r\n" + r.extraHeaders()
                    + "Content-Type: application/json; charset=utf-8\r\nContent-Length: " + json.length
                    + "\r\nConnection: close\r\n\r\n";
            ctx.dataWriter()
                    .writeNow(BufferData.create(
                            BufferData.create(head.getBytes(StandardCharsets.ISO_8859_1)), BufferData.create(json)));
            // what the client already sent is dropped here, so closing does not reset the answer away
            reader.skip(reader.available());
        }

        @Override
        public Duration idleTime() {
            return Duration.ofNanos(System.nanoTime() - started);
        }

        @Override
        public void close(boolean interrupt) {
            // the answer is one write; nothing to interrupt
        }
    }
}
