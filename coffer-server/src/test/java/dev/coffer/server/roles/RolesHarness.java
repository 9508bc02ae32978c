package dev.coffer.server.roles;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** One server per class with an admin, and the requests the role suites send. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RolesHarness {

    abstract Backend backend();

    protected static final AtomicInteger SEQ = new AtomicInteger();
    static final Map<String, Object> CI_READER = Map.of(
            "slug",
            "ci-reader",
            "name",
            "CI reader",
            "permissions",
            List.of(
                    Map.of(
                            "subject",
                            "secrets",
                            "action",
                            List.of("read"),
                            "conditions",
                            Map.of("environment", "prod", "secretPath", Map.of("$glob", "/ci/**"))),
                    Map.of(
                            "subject",
                            "secret-folders",
                            "action",
                            List.of("read"),
                            "conditions",
                            Map.of("environment", "prod", "secretPath", Map.of("$glob", "/ci/**")))));

    protected final TestClock clock = new TestClock();
    protected TestServer server;
    protected Api api;
    protected Fixtures f;
    protected Fixtures.Admin admin;

    @BeforeAll
    void startServer() {
        server = TestServer.start(backend(), clock);
        api = server.api();
        f = new Fixtures(api);
        admin = f.admin();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    protected Connection jdbc() throws SQLException {
        Properties p = new Properties();
        if (server.backend() == Backend.POSTGRES) p.setProperty("user", "postgres");
        return DriverManager.getConnection(server.directJdbcUrl(), p);
    }

    protected static String roles(String project) {
        return "/api/v2/workspace/" + project + "/roles";
    }

    protected static String membership(String project, String identityId) {
        return "/api/v2/workspace/" + project + "/identity-memberships/" + identityId;
    }

    protected static String secretsQuery(String project, String env, String path) {
        return "/api/v3/secrets/raw?workspaceId=" + project + "&environment=" + env + "&secretPath=" + path;
    }

    protected Api.Response getSecret(String token, String project, String env, String path, String key) {
        return api.get(
                "/api/v3/secrets/raw/" + key + "?workspaceId=" + project + "&environment=" + env + "&secretPath="
                        + path,
                token);
    }
}
