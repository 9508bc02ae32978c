package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bounded hostile run over raw sockets, a few hundred requests no client library would send:
 * malformed request lines, odd methods and versions, broken and oversized headers, bad framing, requests
 * cut off or stalled part-way, oversized names, lone surrogates, NUL bytes and odd query strings. Whatever
 * comes, the server answers without a 5xx, never hangs (each exchange is bounded; the server's own
 * timeouts are short here), and changes nothing: a known secret reads the same before and after, and no
 * secret was added. What each kind of request is answered is specified in the other bad-input suites;
 * this one checks that nothing in the whole mix gets through or breaks the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileRequestsSuite extends BadInputHarness {

    static final Duration BOUND = Duration.ofSeconds(10);

    /**
     * A short read timeout cuts stalled requests off quickly; idle keep-alive connections of the harness
     * stay. Not shorter: on a busy machine a new connection's first bytes were once read more than two
     * seconds after it was accepted, and the harness's own first request was cut off.
     */
    @Override
    HttpSettings httpSettings() {
        return new HttpSettings(Duration.ofSeconds(4), Duration.ofSeconds(60), 64, TrustedProxies.NONE);
    }

    /** One hostile exchange: the bytes, and whether the client stops sending after them. */
    record Case(String what, byte[] bytes, boolean cutOff) {
        static Case of(String what, String request) {
            return new Case(what, request.getBytes(StandardCharsets.ISO_8859_1), false);
        }

        static Case utf8(String what, String request) {
            return new Case(what, request.getBytes(StandardCharsets.UTF_8), false);
        }

        static Case cut(String what, String request) {
            return new Case(what, request.getBytes(StandardCharsets.ISO_8859_1), true);
        }
    }

    @Test
    void aBoundedHostileRunGetsNo5xxNeverHangsAndChangesNothing() throws IOException {
        String p = project();
        Api.Response created = send(
                "POST",
                "/api/v3/secrets/raw/KNOWN",
                Map.of("workspaceId", p, "environment", "dev", "secretValue", "the original value"),
                Map.of());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String before = known(p);
        List<String> keysBefore = keys(p, "/");

        List<Case> cases = cases(p);
        assertThat(cases.size()).as("a few hundred requests").isBetween(250, 600);
        int port = Integer.parseInt(api.base().substring(api.base().lastIndexOf(':') + 1));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            RawHttp.Answer a = RawHttp.exchange(port, c.bytes(), BOUND, c.cutOff());
            if (a.ending() == RawHttp.Ending.TIMED_OUT) failures.add(c.what() + ": no answer and not closed (hangs)");
            if (a.status() >= 500) failures.add(c.what() + ": " + a.statusLine());
            if (a.body().contains("Exception") || a.body().contains("at dev.coffer")) {
                failures.add(c.what() + ": shows internals");
            }
        }
        assertThat(failures).as("of %d hostile requests", cases.size()).isEmpty();

        assertThat(known(p)).as("the known secret is unchanged").isEqualTo(before);
        assertThat(keys(p, "/")).as("nothing was written").isEqualTo(keysBefore);
        assertThat(send("GET", "/api/status", null, Map.of()).status())
                .as("the server still serves")
                .isEqualTo(200);
    }

    /** The known secret as read through the API: value, version and everything else it shows. */
    private String known(String p) {
        Api.Response r = send("GET", "/api/v3/secrets/raw/KNOWN?workspaceId=" + p + "&environment=dev", null, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/secret/secretValue").asText()).isEqualTo("the original value");
        return r.json().get("secret").toString();
    }

    private List<Case> cases(String p) {
        List<Case> out = new ArrayList<>();
        String auth = "Authorization: Bearer " + token + "\r\n";
        String where = "workspaceId=" + p + "&environment=dev";

        // request lines: odd methods on odd targets, with the admin's token and no body
        List<String> methods = List.of(
                "GET",
                "POST",
                "PATCH",
                "DELETE",
                "PUT",
                "HEAD",
                "OPTIONS",
                "TRACE",
                "CONNECT",
                "FOO",
                "get",
                "Post",
                "G\u0001T",
                "G\u00e9T",
                "GET\u0000",
                "G(T",
                "-",
                "GET\u007f");
        List<String> targets = List.of(
                "/api/status",
                "/api/status??",
                "/api/v3/secrets/raw?recursive",
                "/api/v3/secrets/raw/HOSTILE?" + where,
                "/api/v3/secrets/raw/HOSTILE?" + where + "&&&=&==&recursive",
                "*",
                "/..%2f..%2fetc/passwd",
                "/%00",
                "/api/st%00atus",
                "/api/v3/secrets/raw/%ED%A0%80?" + where,
                "http://evil.example/api/status",
                "//api//status//");
        for (String m : methods) {
            for (String t : targets) {
                out.add(Case.of(
                        m + " " + t, m + " " + t + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 0\r\n\r\n"));
            }
        }
        // versions and request-line shapes
        for (String line : List.of(
                "GET /api/status HTTP/1.0",
                "GET /api/status HTTP/2.0",
                "GET /api/status HTTP/1.1 extra",
                "GET /api/status",
                "GET  /api/status  HTTP/1.1",
                "GET /api/status http/1.1",
                "PRI * HTTP/2.0",
                "GET\t/api/status\tHTTP/1.1",
                "/api/status HTTP/1.1",
                "",
                "\u0000\u0000\u0000",
                "GET /api/st atus HTTP/1.1",
                "GET /api/status HTTP/1.1\u0000")) {
            out.add(Case.of("line " + line, line + "\r\nHost: x\r\n\r\n"));
        }
        // headers
        String status = "GET /api/status HTTP/1.1\r\n";
        String login =
                "POST /api/v1/auth/universal-auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
        for (String headers : List.of(
                "",
                "Host: x\r\nHost: y\r\n",
                "Host: \r\n",
                "Host: x\r\nNoColon\r\n",
                "Host: x\r\nBad Name: v\r\n",
                "Host: x\r\nX-Folded: a\r\n  continued\r\n",
                "Host: x\r\nX-Nul: a\u0000b\r\n",
                "Host: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n",
                "Host: x\r\n" + "X-Many: v\r\n".repeat(3000),
                "Host: x\r\nContent-Length: -1\r\n",
                "Host: x\r\nContent-Length: 99999999999999999999\r\n",
                "Host: x\r\nContent-Length: 1, 2\r\n",
                "Host: x\r\nTransfer-Encoding: gzip\r\n",
                "Host: x\r\nExpect: 100-continue\r\n",
                "Host: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAAA\r\n",
                "Host: x\r\nAuthorization: Bearer " + "x".repeat(10_000) + "\r\n",
                "Host: x\r\nAuthorization: Bearer \u0000\r\n",
                "Host: x\r\nX-Forwarded-For: 10.0.0.1, \u0000, ::1\r\n")) {
            out.add(Case.of("headers " + shown(headers), status + headers + "\r\n"));
        }
        out.add(Case.of("bare LF", "GET /api/status HTTP/1.1\nHost: x\n\n"));
        out.add(Case.of("bare CR", "GET /api/status HTTP/1.1\rHost: x\r\r"));
        // body framing
        for (String framing : List.of(
                "Content-Length: -1\r\n\r\n{}",
                "Content-Length: abc\r\n\r\n{}",
                "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "Transfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n",
                "Transfer-Encoding: chunked\r\n\r\nffffffffffff\r\n{}\r\n0\r\n\r\n",
                "Transfer-Encoding: chunked\r\n\r\n2;" + "e".repeat(100_000) + "\r\n{}\r\n0\r\n\r\n",
                "Transfer-Encoding: chunked\r\n\r\n2\r\n{}0\r\n\r\n",
                "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nX-Trailer: " + "t".repeat(70_000) + "\r\n\r\n",
                "Transfer-Encoding: xchunked\r\n\r\n{}")) {
            out.add(Case.of("framing " + shown(framing), login + framing));
        }
        // cut off part-way (the client stops sending) and stalled part-way (it goes quiet)
        String full = login + "Content-Length: 40\r\n\r\n{\"clientId\":\"a\",\"clientSecret\":\"b\"}    ";
        for (int at : new int[] {1, 3, 12, 30, login.length() - 2, login.length() + 20, full.length() - 5}) {
            out.add(Case.cut("cut at " + at, full.substring(0, at)));
        }
        for (int at : new int[] {3, 30, login.length() + 20}) {
            out.add(Case.of("stalled at " + at, full.substring(0, at)));
        }
        out.add(Case.cut("chunked cut mid-chunk", login + "Transfer-Encoding: chunked\r\n\r\n20\r\n{\"clientId\":"));
        // oversized names and lines
        String big = "N".repeat(100_000);
        String secretBody = "{\"workspaceId\":\"" + p + "\",\"environment\":\"dev\",\"secretValue\":\"v\"}";
        out.add(Case.of(
                "100k name in the path",
                "GET /api/v3/secrets/raw/" + big + "?" + where + " HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"));
        out.add(Case.of("100k name in a write's path", json("POST", "/api/v3/secrets/raw/" + big, auth, secretBody)));
        out.add(Case.of(
                "100k name in the body",
                json(
                        "POST",
                        "/api/v4/secrets/batch",
                        auth,
                        "{\"workspaceId\":\"" + p + "\",\"environment\":\"dev\",\"secrets\":[{\"secretKey\":\"" + big
                                + "\",\"secretValue\":\"v\"}]}")));
        out.add(Case.of(
                "100k secret path",
                "GET /api/v3/secrets/raw?" + where + "&secretPath=/" + big + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "\r\n"));
        out.add(Case.of(
                "request line over the limit",
                "GET /api/status?q=" + "q".repeat(200_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        out.add(Case.of(
                "body over the limit",
                json(
                        "POST",
                        "/api/v3/secrets/raw/HOSTILE",
                        auth,
                        "{\"secretValue\":\"" + "v".repeat(5 * 1024 * 1024) + "\"}")));
        // text: lone surrogates, NUL, invalid UTF-8, deep nesting, changes to the known secret that must fail
        String base = "\"workspaceId\":\"" + p + "\",\"environment\":\"dev\"";
        for (String body : List.of(
                "{" + base + ",\"secretValue\":\"a\\ud800b\"}",
                "{" + base + ",\"secretValue\":\"\\udc00\"}",
                "{" + base + ",\"secretValue\":\"v\",\"secretComment\":\"\\ud800\"}",
                "{" + base + ",\"secretValue\":\"v\",\"newSecretName\":\"X\\u0000Y\"}",
                "{" + base + ",\"secretValue\":\"v\",\"newSecretName\":\"\\ud800\"}",
                "{" + base + ",\"secretValue\":\"" + "\u00c3\u0028" + "\"}",
                "{" + base + ",\"secretValue\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}",
                "{" + base + ",\"secretValue\":\"v\"} trailing",
                "{" + base + ",\"secretValue\":\"v\"",
                "\u0000{}")) {
            out.add(Case.of("PATCH KNOWN " + shown(body), json("PATCH", "/api/v3/secrets/raw/KNOWN", auth, body)));
            out.add(Case.of("POST HOSTILE " + shown(body), json("POST", "/api/v3/secrets/raw/HOSTILE", auth, body)));
        }
        for (String name : List.of("A%00B", "%ED%A0%80", "A%C3%28", "%FF", "A%2FB", "A B", "A%")) {
            out.add(Case.of("name " + name, json("POST", "/api/v3/secrets/raw/" + name, auth, secretBody)));
        }
        out.add(Case.utf8(
                "batch with a lone surrogate key",
                json(
                        "POST",
                        "/api/v4/secrets/batch",
                        auth,
                        "{" + base + ",\"secrets\":[{\"secretKey\":\"K\\ud800\",\"secretValue\":\"v\"}]}")));
        return out;
    }

    private static String json(String method, String path, String auth, String body) {
        return method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n" + body;
    }

    private static String shown(String s) {
        String t = s.replace("\r\n", "\\r\\n").replace("\u0000", "\\0");
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }
}
