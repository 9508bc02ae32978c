package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * What the universal auth suites share: a server of their own whose time is a {@link TestClock}, the
 * bootstrap admin, and helpers that make identities with universal auth and client secrets, log in,
 * and read tokens.
 *
 * <p>One server per suite class; every test makes its own identities so tests do not interfere. Tests that
 * change organization-wide state start a server of their own. Tests about TTLs move the suite's clock
 * and check the exact millisecond a token or secret stops working; the clock only moves forward, by
 * seconds, so the other tests' identities and tokens are unaffected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UniversalAuthHarness {

    abstract Backend backend();

    static final String LOGIN = "/api/v1/auth/universal-auth/login";
    static final AtomicInteger SEQ = new AtomicInteger();

    final TestClock clock = new TestClock();
    TestServer server;
    Api api;
    Fixtures fixtures;
    Fixtures.Admin admin;

    @BeforeAll
    void startServer() {
        server = TestServer.start(backend(), clock);
        api = server.api();
        fixtures = new Fixtures(api);
        admin = fixtures.admin();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    // ---------------------------------------------------------------- helpers

    record Cred(String identityId, String clientId, String clientSecret, String clientSecretId) {}

    record Secret(String id, String secret) {}

    static String uaPath(String identityId) {
        return "/api/v1/auth/universal-auth/identities/" + identityId;
    }

    String identity(String orgRole) {
        Api.Response r = api.post(
                "/api/v1/identities",
                admin.token(),
                Map.of("name", "ua-" + SEQ.incrementAndGet(), "organizationId", admin.orgId(), "role", orgRole));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().at("/identity/id").asText();
    }

    /** An identity with universal auth attached with {@code settings} and one client secret. */
    Cred machine(String orgRole, Map<String, Object> settings) {
        String id = identity(orgRole);
        Api.Response ua = api.post(uaPath(id), admin.token(), settings);
        assertThat(ua.status()).as(ua.body()).isEqualTo(200);
        String clientId = ua.json().at("/identityUniversalAuth/clientId").asText();
        Secret s = clientSecret(id, Map.of("description", "test"));
        return new Cred(id, clientId, s.secret(), s.id());
    }

    Secret clientSecret(String identityId, Map<String, Object> body) {
        Api.Response r = api.post(uaPath(identityId) + "/client-secrets", admin.token(), body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return new Secret(
                r.json().at("/clientSecretData/id").asText(),
                r.json().path("clientSecret").asText());
    }

    /** Revokes {@code cred}'s client secret; the answer, a 200. */
    Api.Response revoke(Cred cred) {
        Api.Response r = api.post(
                uaPath(cred.identityId()) + "/client-secrets/" + cred.clientSecretId() + "/revoke",
                admin.token(),
                Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r;
    }

    Api.Response login(String clientId, String clientSecret) {
        Map<String, Object> body = new HashMap<>();
        body.put("clientId", clientId);
        body.put("clientSecret", clientSecret);
        return api.post(LOGIN, null, body);
    }

    /** Runs {@code n} copies of {@code call} at once (released together by a barrier). */
    static List<Api.Response> concurrently(int n, Callable<Api.Response> call) throws Exception {
        return concurrently(java.util.Collections.nCopies(n, call));
    }

    /** Runs {@code calls} at once (released together by a barrier); their answers in the same order. */
    static List<Api.Response> concurrently(List<Callable<Api.Response>> calls) throws Exception {
        int n = calls.size();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (Callable<Api.Response> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return call.call();
                }));
            }
            List<Api.Response> out = new ArrayList<>();
            for (Future<Api.Response> f : futures) out.add(f.get(60, TimeUnit.SECONDS));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** An authenticated request any identity may make: reading itself. */
    Api.Response probe(String identityId, String token) {
        return api.get("/api/v1/identities/" + identityId, token);
    }

    static JsonNode payload(String jwt) {
        return json(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    static JsonNode json(byte[] bytes) {
        try {
            return Api.JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    static Connection jdbc(TestServer s) throws SQLException {
        Properties p = new Properties();
        if (s.backend() == Backend.POSTGRES) p.setProperty("user", "postgres");
        return DriverManager.getConnection(s.directJdbcUrl(), p);
    }
}
