package dev.coffer.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.app.Config;
import dev.coffer.server.app.Wiring;
import dev.coffer.server.errors.StartupException;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * COFFER_DATABASE_URL: a PostgreSQL URL may carry any password character (ARCHITECTURE.md, Storage),
 * and the password never shows up where the URL is described.
 */
class PostgresUrlTest {

    /** A password holding every character that trips naive URL parsers. */
    static final String NASTY = "p@ss/w+rd%:x";

    @Test
    void thePostgresFormBecomesAJdbcUrlWithSeparateCredentials() {
        PostgresUrl u = PostgresUrl.parse("postgres://coffer:s3cret@db.example.com:5433/coffer_prod", null, null);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5433/coffer_prod");
        assertThat(u.user()).isEqualTo("coffer");
        assertThat(u.password()).isEqualTo("s3cret");
    }

    @Test
    void thePostgresqlFormIsTheSame() {
        PostgresUrl u =
                PostgresUrl.parse("postgresql://coffer:s3cret@db.example.com/coffer?sslmode=require", null, null);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com/coffer?sslmode=require");
        assertThat(u.user()).isEqualTo("coffer");
        assertThat(u.password()).isEqualTo("s3cret");
    }

    @Test
    void aUrlWithoutCredentialsLeavesThemUnset() {
        PostgresUrl u = PostgresUrl.parse("postgres://localhost:5432/coffer", null, null);
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/coffer");
        assertThat(u.user()).isNull();
        assertThat(u.password()).isNull();
        PostgresUrl userOnly = PostgresUrl.parse("postgres://coffer@localhost/coffer", null, null);
        assertThat(userOnly.user()).isEqualTo("coffer");
        assertThat(userOnly.password()).isNull();
    }

    @ParameterizedTest(name = "{0} is read as the password {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                // raw special characters
                "p@ss/w+rd%:x            | p@ss/w+rd%:x",
                "a/b                     | a/b",
                "a@b@c                   | a@b@c",
                "a+b                     | a+b",
                "a:b:c                   | a:b:c",
                "100%                    | 100%",
                "%                       | %",
                "50%off                  | 50%off",
                "%zz%4                   | %zz%4",
                // percent-encoded
                "p%40ss%2Fw%2Brd%25%3Ax  | p@ss/w+rd%:x",
                "%40                     | @",
                "%2f%2F                  | //",
                "caf%C3%A9               | café",
                // '+' is a plus, never a space, encoded or not
                "a+b%2Bc                 | a+b+c",
            })
    void passwordsMayHoldAnyCharacterRawOrPercentEncoded(String inUrl, String expected) {
        PostgresUrl u = PostgresUrl.parse("postgres://coffer:" + inUrl + "@db.example.com:5432/coffer", null, null);
        assertThat(u.password()).isEqualTo(expected).doesNotContain(" ");
        assertThat(u.user()).isEqualTo("coffer");
        assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/coffer");
    }

    @Test
    void aPercentEncodedUserIsDecoded() {
        PostgresUrl u = PostgresUrl.parse("postgresql://team%40acme:pw@host/db", null, null);
        assertThat(u.user()).isEqualTo("team@acme");
        assertThat(u.password()).isEqualTo("pw");
    }

    @Test
    void aJdbcUrlIsPassedThroughAsIs() {
        String jdbc = "jdbc:postgresql://db1:5432,db2:5432/coffer?targetServerType=primary&sslmode=verify-full";
        PostgresUrl u = PostgresUrl.parse(jdbc, null, null);
        assertThat(u.jdbcUrl()).isEqualTo(jdbc);
        assertThat(u.user()).isNull();
        assertThat(u.password()).isNull();
        PostgresUrl withCredentials = PostgresUrl.parse(jdbc, "coffer", NASTY);
        assertThat(withCredentials.jdbcUrl()).isEqualTo(jdbc);
        assertThat(withCredentials.user()).isEqualTo("coffer");
        assertThat(withCredentials.password()).isEqualTo(NASTY);
    }

    @Test
    void anExplicitUserAndPasswordWinOverTheUrls() {
        PostgresUrl u = PostgresUrl.parse("postgres://urluser:urlpass@host/db", "envuser", "envpass");
        assertThat(u.user()).isEqualTo("envuser");
        assertThat(u.password()).isEqualTo("envpass");
        PostgresUrl onlyPassword = PostgresUrl.parse("postgres://urluser:urlpass@host/db", null, NASTY);
        assertThat(onlyPassword.user()).isEqualTo("urluser");
        assertThat(onlyPassword.password()).isEqualTo(NASTY);
    }

    @Test
    void describeAndToStringNeverContainThePassword() {
        List<PostgresUrl> urls = new ArrayList<>();
        urls.add(PostgresUrl.parse("postgres://coffer:" + NASTY + "@db.example.com:5432/coffer", null, null));
        urls.add(PostgresUrl.parse("postgres://coffer:p%40ss%2Fw%2Brd%25%3Ax@db.example.com/coffer", null, null));
        urls.add(PostgresUrl.parse("postgres://db.example.com/coffer", "coffer", NASTY));
        urls.add(PostgresUrl.parse(
                "jdbc:postgresql://db.example.com/coffer?user=coffer&password=" + NASTY + "&sslmode=require",
                null,
                null));
        // in a query string the password is percent-encoded (a raw '@' there would be read as the end of user info)
        urls.add(PostgresUrl.parse(
                "postgres://db.example.com/coffer?sslmode=require&PASSWORD=p%40ss%2Fw%2Brd%25%3Ax", null, null));
        for (PostgresUrl u : urls) {
            assertThat(u.describe())
                    .as(u.jdbcUrl())
                    .doesNotContain(NASTY, "p%40ss", "w+rd", "w%2Brd", "p@ss")
                    .contains("db.example.com");
            assertThat(u.toString()).as(u.jdbcUrl()).doesNotContain(NASTY, "p%40ss", "w+rd", "w%2Brd", "p@ss");
        }
        assertThat(urls.get(3).describe()).contains("password=***").contains("sslmode=require");
    }

    @ParameterizedTest
    @CsvSource({"mysql://u:p@host/db", "http://host/db", "jdbc:mysql://host/db", "host:5432/db"})
    void anotherSchemeIsRefusedWithAnExample(String url) {
        assertThatThrownBy(() -> PostgresUrl.parse(url, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("COFFER_DATABASE_URL")
                .hasMessageContaining("postgres://")
                .hasMessageContaining("postgresql://")
                .hasMessageContaining("jdbc:postgresql:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(url));
    }

    @Test
    void aUrlWithoutAHostIsRefused() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgres://coffer:" + NASTY + "@/coffer", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(NASTY));
    }

    @Test
    void aBadSchemeStopsTheServerStartWithAStartupException(@TempDir Path dir) {
        Config cfg = new Config(
                "127.0.0.1",
                0,
                dir,
                "mysql://coffer:" + NASTY + "@localhost/coffer",
                null,
                null,
                randomKey(),
                null,
                Config.DEFAULT_MAX_BODY);
        assertThatThrownBy(() -> Wiring.start(cfg).close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("postgres://")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(NASTY));
    }

    /**
     * End to end: a real PostgreSQL role whose password is {@value #NASTY}, given raw in a postgres://
     * URL. The embedded PostgreSQL is initialised with trust authentication, which would accept any
     * password; so this test puts a rule at the top of pg_hba.conf that requires scram-sha-256 for this
     * role on this database only (the rest of the shared server keeps trust), and checks that a wrong
     * password really is refused before checking that Coffer's start gets in.
     */
    @Test
    void aRealRoleWithEveryAwkwardPasswordCharacterConnectsThroughARawPostgresUrl(@TempDir Path dir) throws Exception {
        int port = Postgres.server().getPort();
        String suffix = Long.toString(ProcessHandle.current().pid()) + "_" + System.nanoTime();
        String role = "coffer_pw_" + suffix;
        String db = "coffer_pwdb_" + suffix;
        String hbaFile;
        String originalHba;
        try (Connection c = superuser();
                Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + NASTY.replace("'", "''") + "'");
            s.execute("CREATE DATABASE " + db + " OWNER " + role);
            try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                hbaFile = rs.getString(1);
            }
            originalHba = Files.readString(Path.of(hbaFile));
            String rule = "host " + db + " " + role + " 127.0.0.1/32 scram-sha-256\n" + "host " + db + " " + role
                    + " ::1/128 scram-sha-256\n";
            Files.writeString(Path.of(hbaFile), rule + originalHba);
            reload(s);
        }
        try {
            // the rule is in force: a wrong password is refused, so the right one is really checked
            assertThatThrownBy(() -> connect(port, db, role, "p@ss/w+rd%:y").close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            connect(port, db, role, NASTY).close();

            String url = "postgres://" + role + ":" + NASTY + "@localhost:" + port + "/" + db;
            assertThat(PostgresUrl.parse(url, null, null).password()).isEqualTo(NASTY);
            Config cfg = new Config("127.0.0.1", 0, dir, url, null, null, randomKey(), null, Config.DEFAULT_MAX_BODY);
            try (Wiring.Running running = Wiring.start(cfg)) {
                assertThat(running.db().description())
                        .contains(db)
                        .doesNotContain(NASTY)
                        .doesNotContain("w+rd");
                Api api = new Api("http://127.0.0.1:" + running.port());
                Api.Response status = api.get("/api/status", null);
                assertThat(status.status()).as(status.body()).isEqualTo(200);
                assertThat(status.json().path("message").asText()).isEqualTo("Ok");
                // and it really works on that database as that role: a write goes through
                Api.Response boot = api.post(
                        "/api/v1/admin/bootstrap",
                        null,
                        Map.of(
                                "email",
                                "pw@example.com",
                                "password",
                                "correct horse battery",
                                "organization",
                                "Percent"));
                assertThat(boot.status()).as(boot.body()).isEqualTo(200);
            }
            try (Connection c = connect(port, db, role, NASTY);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'root_keys'")) {
                assertThat(rs.next()).as("Coffer's schema was created in " + db).isTrue();
                assertThat(rs.getString(1)).isEqualTo(role);
            }

            // a wrong password in the URL fails the start without quoting the password anywhere
            String wrong = "postgres://" + role + ":" + "wr0ng/p@ss+%" + "@localhost:" + port + "/" + db;
            Config bad = new Config("127.0.0.1", 0, dir, wrong, null, null, randomKey(), null, Config.DEFAULT_MAX_BODY);
            assertThatThrownBy(() -> Wiring.start(bad).close()).satisfies(e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain("wr0ng", NASTY);
                }
            });
        } finally {
            Files.writeString(Path.of(hbaFile), originalHba);
            try (Connection c = superuser();
                    Statement s = c.createStatement()) {
                reload(s);
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                s.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    private static void reload(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT pg_reload_conf()")) {
            assertThat(rs.next() && rs.getBoolean(1)).as("pg_reload_conf").isTrue();
        }
        // pg_reload_conf only signals the postmaster; give it a moment to re-read pg_hba.conf
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Connection superuser() throws SQLException {
        return DriverManager.getConnection(Postgres.server().getJdbcUrl("postgres", "postgres"));
    }

    private static Connection connect(int port, String db, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/" + db, p);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
