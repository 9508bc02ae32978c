package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The HTTP layer against clients no library would produce, over raw sockets: malformed methods and
 * versions get a 4xx in Infisical's error format, never a 5xx; clients that stall or idle are cut off
 * after the configured timeouts (short here, so the tests stay fast); connections beyond the limit wait
 * and are served once idle ones are closed; long names get a 4xx, not a reset; and clients that hang up
 * mid-body leave one short log line each, rate-limited. Isolated: its timeouts are seconds, and a class
 * running beside it (Argon2 hashes, PostgreSQL) can starve the server of the two cores for longer.
 */
@Isolated
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpProtocolTest {

    // short, but long enough for a loaded build machine to answer a normal request well within them
    static final Duration READ = Duration.ofSeconds(2);
    static final Duration IDLE = Duration.ofSeconds(3);
    static final int MAX_CONNECTIONS = 6;
    /** Far longer than any timeout above: an exchange that takes this long hangs. */
    static final Duration BOUND = Duration.ofSeconds(15);

    final TestClock clock = new TestClock();
    TestServer server;
    int port;
    String token;
    String project;

    @BeforeAll
    void start() {
        server = TestServer.start(
                Backend.SQLITE, clock, new HttpSettings(READ, IDLE, MAX_CONNECTIONS, TrustedProxies.NONE));
        port = Integer.parseInt(server.baseUrl().substring(server.baseUrl().lastIndexOf(':') + 1));
        Fixtures f = new Fixtures(server.api());
        token = f.admin().token();
        project = f.project("Protocol");
    }

    @AfterAll
    void stop() {
        if (server != null) server.close();
    }

    RawHttp.Answer exchange(String request) throws IOException {
        return RawHttp.exchange(port, request, BOUND);
    }

    static void assertErrorBody(RawHttp.Answer a, int status, String error) throws IOException {
        assertThat(a.status()).as(a.text()).isEqualTo(status);
        JsonNode json = Api.JSON.readTree(a.body());
        assertThat(json.get("statusCode").asInt()).as(a.body()).isEqualTo(status);
        assertThat(json.get("error").asText()).as(a.body()).isEqualTo(error);
        assertThat(json.get("reqId").asText()).startsWith("req-");
        assertThat(json.get("message").asText()).isNotBlank();
    }

    // ---------------------------------------------------------------- methods and versions

    @Test
    void methodsAreCaseSensitiveSoALowerCaseGetIsNotServedAsGet() throws IOException {
        for (String method : List.of("get", "Get", "pOST", "delete")) {
            RawHttp.Answer a = exchange(method + " /api/status HTTP/1.1\r\nHost: x\r\n\r\n");
            assertErrorBody(a, 400, "BadRequest");
            assertThat(a.body()).contains("case-sensitive");
            assertThat(a.body()).doesNotContain("\"version\"");
        }
        assertThat(exchange("GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n").status())
                .isEqualTo(200);
    }

    @Test
    void controlBytesOrNonAsciiInTheMethodAre400NotA500() throws IOException {
        for (String method : List.of("G\u0001T", "G\u00e9T", "GE\u0000T", "\u007fGET", "G\tET")) {
            RawHttp.Answer a = exchange(method + " /api/status HTTP/1.1\r\nHost: x\r\n\r\n");
            assertErrorBody(a, 400, "BadRequest");
        }
    }

    @Test
    void anHttp10RequestGets426NamingTheProtocolToUseNot505() throws IOException {
        for (String request : List.of(
                "GET /api/status HTTP/1.0\r\n\r\n",
                "GET /api/status HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")) {
            RawHttp.Answer a = exchange(request);
            assertErrorBody(a, 426, "UpgradeRequired");
            assertThat(a.text().toLowerCase()).contains("\r\nupgrade: http/1.1\r\n");
            assertThat(a.ending()).isEqualTo(RawHttp.Ending.CLOSED);
        }
    }

    @Test
    void otherProtocolVersionsAre400() throws IOException {
        for (String version :
                List.of("HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "http/1.1", "HTTP/1.1x", "HTTP/1.1 HTTP/1.1")) {
            RawHttp.Answer a = exchange("GET /api/status " + version + "\r\nHost: x\r\n\r\n");
            assertErrorBody(a, 400, "BadRequest");
        }
    }

    // ---------------------------------------------------------------- timeouts and connections

    @Test
    void aBodyThatStopsArrivingIs408AndTheConnectionIsClosed() throws IOException {
        RawHttp.Answer a = exchange("POST /api/v1/auth/universal-auth/login HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"clientId\"");
        assertErrorBody(a, 408, "RequestTimeout");
        assertThat(a.ending()).isEqualTo(RawHttp.Ending.CLOSED);

        RawHttp.Answer chunked = exchange("POST /api/v1/auth/universal-auth/login HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"cli\r\n");
        assertErrorBody(chunked, 408, "RequestTimeout");
    }

    @Test
    void aBodyThatTricklesInsideTheReadTimeoutIsCutOffAtItsDeadlineWith408() throws Exception {
        // one byte a second keeps each read within the 2 s read timeout; the whole body must still arrive
        // within six read timeouts (12 s), long before the 100 bytes announced could be sent
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) Duration.ofSeconds(40).toMillis());
            OutputStream out = s.getOutputStream();
            RawHttp.write(
                    out,
                    "POST /api/v1/auth/universal-auth/login HTTP/1.1\r\nHost: x\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n");
            Thread trickle = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        out.write(' ');
                        out.flush();
                        Thread.sleep(1000);
                    }
                } catch (IOException | InterruptedException ended) {
                    // the server ended the connection, as it should
                }
            });
            RawHttp.Answer a = RawHttp.read(
                    s.getInputStream(),
                    System.nanoTime() + Duration.ofSeconds(40).toNanos());
            trickle.interrupt();
            assertErrorBody(a, 408, "RequestTimeout");
        }
    }

    @Test
    void malformedFramingIsAnsweredWithoutHanging() throws IOException {
        String login = "POST /api/v1/auth/universal-auth/login HTTP/1.1\r\nHost: x\r\n";
        List<String> requests = List.of(
                login + "Content-Length: -1\r\n\r\n{}",
                login + "Content-Length: abc\r\n\r\n{}",
                "GET /api/status HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
                login + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                login + "Transfer-Encoding: chunked\r\n\r\n-5\r\n{}\r\n0\r\n\r\n",
                login + "Transfer-Encoding: chunked\r\n\r\n5;" + "x".repeat(100_000) + "\r\n{}   \r\n0\r\n\r\n");
        for (String request : requests) {
            RawHttp.Answer a = exchange(request);
            assertThat(a.ending()).as(a.text()).isNotEqualTo(RawHttp.Ending.TIMED_OUT);
            assertThat(a.status()).as(a.text()).isBetween(400, 499);
        }
    }

    @Test
    void aHeaderBlockThatStopsArrivingIsCutOff() throws IOException {
        RawHttp.Answer a = exchange("GET /api/status HTTP/1.1\r\nHost: x\r\nX-Slow: a");
        assertThat(a.ending()).as(a.text()).isNotEqualTo(RawHttp.Ending.TIMED_OUT);
        assertThat(a.status()).as(a.text()).isNotIn(200).isLessThan(500);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        // one that never sent anything, and one idle after a request
        try (Socket fresh = new Socket("127.0.0.1", port);
                Socket used = new Socket("127.0.0.1", port)) {
            RawHttp.write(used.getOutputStream(), "GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Answer first = RawHttp.read(used.getInputStream(), System.nanoTime() + BOUND.toNanos());
            assertThat(first.status()).isEqualTo(200);
            assertThat(closedWithin(fresh, BOUND))
                    .as("a silent connection is closed")
                    .isTrue();
            assertThat(closedWithin(used, BOUND))
                    .as("an idle keep-alive connection is closed")
                    .isTrue();
        }
    }

    @Test
    void connectionsBeyondTheLimitWaitUntilIdleOnesAreClosedAndAreThenServed() throws IOException {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS + 2; i++) idle.add(new Socket("127.0.0.1", port));
            RawHttp.Answer a = exchange("GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(a.status()).as(a.text()).isEqualTo(200);
        } finally {
            for (Socket s : idle) s.close();
        }
    }

    private static boolean closedWithin(Socket s, Duration bound) throws IOException {
        s.setSoTimeout((int) bound.toMillis());
        InputStream in = s.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    // ---------------------------------------------------------------- long names

    @Test
    void aHundredThousandCharacterNameInThePathIsA4xxWithAnErrorBodyNotAReset() throws IOException {
        String name = "N".repeat(100_000);
        String json = "{\"workspaceId\":\"" + project + "\",\"environment\":\"dev\",\"secretValue\":\"v\"}";
        RawHttp.Answer a = exchange("POST /api/v3/secrets/raw/" + name + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length() + "\r\n\r\n" + json);
        assertThat(a.ending()).as(a.statusLine()).isEqualTo(RawHttp.Ending.CLOSED);
        assertErrorBody(a, 400, "BadRequest");
        assertThat(a.body().length()).as("the name is not echoed whole").isLessThan(1000);

        RawHttp.Answer read = exchange("GET /api/v3/secrets/raw/" + name + "?workspaceId=" + project
                + "&environment=dev HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n");
        assertErrorBody(read, 400, "BadRequest");
    }

    @Test
    void aHundredThousandCharacterNameInAJsonBodyIsA4xxWithAnErrorBody() throws IOException {
        String json = "{\"workspaceId\":\"" + project + "\",\"environment\":\"dev\",\"secrets\":[{\"secretKey\":\""
                + "K".repeat(100_000) + "\",\"secretValue\":\"v\"}]}";
        RawHttp.Answer a = exchange("POST /api/v4/secrets/batch HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length() + "\r\n\r\n" + json);
        assertThat(a.ending()).isEqualTo(RawHttp.Ending.CLOSED);
        assertThat(a.status()).as(a.statusLine()).isIn(400, 422);
        assertThat(Api.JSON.readTree(a.body()).get("statusCode").asInt()).isEqualTo(a.status());
    }

    @Test
    void aRequestLineOverTheLimitIs414WithAnErrorBody() throws IOException {
        RawHttp.Answer a = exchange(
                "GET /api/status?x=" + "q".repeat(HttpServer.MAX_REQUEST_LINE) + " HTTP/1.1\r\n" + "Host: x\r\n\r\n");
        assertErrorBody(a, 414, "URITooLong");
    }

    // ---------------------------------------------------------------- log

    @Test
    void clientsHangingUpMidBodyLeaveOneShortLineEachRateLimitedAndNoStackTrace() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            clock.advance(Duration.ofMinutes(2)); // a fresh minute for the quota
            int hangUps = 60;
            for (int i = 0; i < hangUps; i++) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    RawHttp.write(
                            s.getOutputStream(),
                            "POST /api/v1/auth/universal-auth/login HTTP/1.1\r\nHost: x\r\n"
                                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"clientId\":");
                }
            }
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (hangUpLines(records) < 20 && System.nanoTime() < deadline) Thread.sleep(20);
            Thread.sleep(300); // let the rest of the burst be handled
            assertThat(hangUpLines(records))
                    .as("the quota of lines for a minute")
                    .isEqualTo(20);

            clock.advance(Duration.ofSeconds(61));
            try (Socket s = new Socket("127.0.0.1", port)) {
                RawHttp.write(
                        s.getOutputStream(),
                        "POST /api/v1/auth/universal-auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\n{");
            }
            deadline = System.nanoTime() + BOUND.toNanos();
            while (records.stream().noneMatch(r -> r.getMessage().startsWith("suppressed"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(records)
                    .filteredOn(r -> r.getMessage().startsWith("suppressed"))
                    .singleElement()
                    .satisfies(r ->
                            assertThat(r.getMessage()).matches("suppressed \\d+ similar lines in the last minute"));
        } finally {
            root.removeHandler(capture);
        }
        // what an operator's log shows (INFO and above); another class may have turned on debug records
        assertThat(records)
                .filteredOn(r -> r.getLevel().intValue() >= java.util.logging.Level.INFO.intValue())
                .allSatisfy(r -> {
                    assertThat(r.getThrown())
                            .as("%s: %s", r.getLoggerName(), r.getMessage())
                            .isNull();
                    assertThat(r.getMessage())
                            .as(r.getLoggerName())
                            .doesNotContain("\n")
                            .doesNotContain("Exception");
                });
        assertThat(server.api().get("/api/status", null).status()).isEqualTo(200);
    }

    private static long hangUpLines(List<LogRecord> records) {
        return records.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().contains("hung up while sending a request body"))
                .count();
    }

    @Test
    void requestsTheServerAnswersNormallyAreUnaffected() {
        Api.Response r = server.api().send("GET", "/api/status", null, null, Map.of());
        assertThat(r.status()).isEqualTo(200);
    }
}
