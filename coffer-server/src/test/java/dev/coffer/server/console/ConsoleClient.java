package dev.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without a browser: plain HTTP to the console with its own cookie jar, no redirects
 * followed, and the CSRF token of the last page it read, for the tests of headers, tokens and cookies.
 */
final class ConsoleClient {

    record Page(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    final Map<String, String> cookies = new LinkedHashMap<>();
    String csrf;

    ConsoleClient(String base) {
        this.base = base;
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), Map.of());
    }

    Page post(String path, Map<String, String> form) {
        return post(path, form, Map.of());
    }

    Page post(String path, Map<String, String> form, Map<String, String> headers) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (!body.isEmpty()) body.append('&');
            body.append(enc(e.getKey())).append('=').append(enc(e.getValue()));
        }
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                headers);
    }

    /** Logs in through the login form; returns the login POST's answer (a 303 when it worked). */
    Page login(String email, String password) {
        return login(email, password, Map.of());
    }

    Page login(String email, String password, Map<String, String> headers) {
        get("/login");
        return post("/login", Map.of("email", email, "password", password, "csrf", csrf, "next", "/"), headers);
    }

    /** The form plus this page's CSRF token. */
    Map<String, String> withCsrf(Map<String, String> form) {
        Map<String, String> out = new LinkedHashMap<>(form);
        out.put("csrf", csrf);
        return out;
    }

    private Page send(HttpRequest.Builder b, Map<String, String> headers) {
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            cookies.forEach((k, v) ->
                    c.append(c.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", c.toString());
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("set-cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String value = pair.substring(eq + 1);
                if (value.isEmpty()) cookies.remove(pair.substring(0, eq));
                else cookies.put(pair.substring(0, eq), value);
            }
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) csrf = m.group(1);
            assertThat(r.statusCode()).as(r.body()).isLessThan(500);
            return new Page(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
