package dev.coffer.server.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The workload the launcher runs once per build to make the JVM's ahead-of-time cache for the server
 * (JDK 25+, {@code -XX:AOTCacheOutput}): it starts a server on SQLite in a temp directory on a free
 * port, and walks the paths every instance takes — start-up and migrations, bootstrap, a project,
 * writing and listing secrets, a machine identity's login, the audit trail — so the classes they load
 * are loaded and linked from the cache at the next start instead of from the jar (about half the
 * start-up time). Touches nothing outside the temp directory; no key or value it makes is kept.
 */
public final class Training {

    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

    private Training() {}

    public static void main(String[] args) throws Exception {
        train();
        System.exit(0); // the HTTP client's threads would keep the JVM, whose exit writes the cache
    }

    /** Runs the workload once; throws when a step did not answer as it should (the cache would miss it). */
    static void train() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("coffer-training");
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Map<String, String> env =
                Map.of("COFFER_ENCRYPTION_KEY", java.util.Base64.getEncoder().encodeToString(key));
        try (Wiring.Running running = Wiring.start(Config.from(env, "127.0.0.1", 0, dir))) {
            new Walk("http://127.0.0.1:" + running.port()).run();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp directory
            }
        }
    }

    private record Walk(String base, HttpClient http) {
        Walk(String base) {
            this(base, HttpClient.newHttpClient());
        }

        void run() throws IOException, InterruptedException {
            call("GET", "/api/status", null, null);
            String boot = call(
                    "POST",
                    "/api/v1/admin/bootstrap",
                    "{\"email\":\"training@example.com\",\"password\":\"Training-password-1\",\"organization\":\"T\"}",
                    null);
            String admin = field(boot, "token");
            String org = field(boot.substring(boot.indexOf("\"organization\"")), "id");
            String project = field(call("POST", "/api/v2/workspace", "{\"projectName\":\"training\"}", admin), "id");
            String where = "\"workspaceId\":\"" + project + "\",\"environment\":\"dev\",\"secretPath\":\"/\"";
            call(
                    "POST",
                    "/api/v3/secrets/batch/raw",
                    "{" + where + ",\"secrets\":[{\"secretKey\":\"A\",\"secretValue\":\"a\"},"
                            + "{\"secretKey\":\"B\",\"secretValue\":\"${A}\"}]}",
                    admin);
            call("PATCH", "/api/v3/secrets/raw/A", "{" + where + ",\"secretValue\":\"a2\"}", admin);
            String query = "workspaceId=" + project + "&environment=dev&secretPath=/";
            call("GET", "/api/v3/secrets/raw?" + query + "&expandSecretReferences=true", null, admin);
            call("GET", "/api/v3/secrets/raw/A?" + query, null, admin);
            call("GET", "/api/v4/secrets?projectId=" + project + "&environment=dev&secretPath=/", null, admin);
            String identity = field(
                    call(
                            "POST",
                            "/api/v1/identities",
                            "{\"name\":\"training\",\"organizationId\":\"" + org + "\",\"role\":\"member\"}",
                            admin),
                    "id");
            String clientId =
                    field(call("POST", "/api/v1/auth/universal-auth/identities/" + identity, "{}", admin), "clientId");
            String secret = field(
                    call("POST", "/api/v1/auth/universal-auth/identities/" + identity + "/client-secrets", "{}", admin),
                    "clientSecret");
            call(
                    "POST",
                    "/api/v1/auth/universal-auth/login",
                    "{\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\"}",
                    null);
            call("GET", "/api/v1/organization/audit-logs?limit=5", null, admin);
            expect(404, "GET", "/api/v3/secrets/raw?workspaceId=missing&environment=dev", admin);
        }

        void expect(int status, String method, String path, String token) throws IOException, InterruptedException {
            HttpResponse<String> r = send(method, path, null, token);
            if (r.statusCode() != status)
                throw new IllegalStateException(
                        method + " " + path + " answered " + r.statusCode() + ", not " + status);
        }

        /** The body of a 2xx answer; throws on any other. */
        String call(String method, String path, String body, String token) throws IOException, InterruptedException {
            HttpResponse<String> r = send(method, path, body, token);
            if (r.statusCode() / 100 != 2)
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            return r.body();
        }

        HttpResponse<String> send(String method, String path, String body, String token)
                throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) b.header("Content-Type", "application/json");
            if (token != null) b.header("Authorization", "Bearer " + token);
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The first string field of that name in a JSON answer ("" when there is none). */
        static String field(String json, String name) {
            Matcher m = FIELD.matcher(json);
            while (m.find()) if (m.group(1).equals(name)) return m.group(2);
            return "";
        }
    }
}
