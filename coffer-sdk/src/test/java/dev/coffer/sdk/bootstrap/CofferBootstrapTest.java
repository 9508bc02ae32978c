package dev.coffer.sdk.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coffer.sdk.LocalCache;
import dev.coffer.sdk.Scope;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Mode;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Result;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Settings;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Source;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The start-up loader against a real server: settings, strict and lenient failures, the local cache. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CofferBootstrapTest {

    private static final Map<String, String> SECRETS = Map.of(
            "DB_PASSWORD", "db-pass-7f3a9c51e2",
            "API_KEY", "ak-live-91b2e4d0c8",
            "GREETING", "hello world, with spaces");

    private TestServer server;
    private Fixtures fixtures;
    private String project;
    private Fixtures.Machine machine;

    @TempDir
    Path tmp;

    @BeforeAll
    void startServer() {
        server = TestServer.start(Backend.SQLITE);
        fixtures = new Fixtures(server.api());
        project = fixtures.project("bootstrap");
        machine = fixtures.machine("bootstrap-machine", "no-access");
        fixtures.member(project, machine.id(), "viewer");
        SECRETS.forEach((k, v) -> fixtures.secret(project, "dev", "/", k, v));
        fixtures.folder(project, "dev", "/", "nested");
        fixtures.secret(project, "dev", "/nested", "NESTED_ONLY", "nested-value-3c9d");
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    private Map<String, String> env(String url, String projectId, Fixtures.Machine m) {
        Map<String, String> env = new HashMap<>();
        env.put("COFFER_API_URL", url);
        env.put("COFFER_PROJECT_ID", projectId);
        env.put("COFFER_ENV", "dev");
        env.put("COFFER_CLIENT_ID", m.clientId());
        env.put("COFFER_CLIENT_SECRET", m.clientSecret());
        env.put("PATH", "/usr/bin:/bin"); // an ordinary variable, which is not a setting
        return env;
    }

    private Map<String, String> env() {
        return env(server.baseUrl(), project, machine);
    }

    private Path cacheDir(String name) {
        return tmp.resolve(name).resolve("coffer");
    }

    private static void assertNoSecretIn(String text, String... alsoSecret) {
        for (String v : SECRETS.values()) assertThat(text).doesNotContain(v);
        assertThat(text).doesNotContain("nested-value-3c9d");
        for (String s : alsoSecret) assertThat(text).doesNotContain(s);
    }

    private static String unusedUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    // ---- strict --------------------------------------------------------------------------------

    @Test
    void strictSuccessReturnsTheFoldersSecretsAndWritesAnOwnerOnlyCacheFile() throws IOException {
        Path dir = cacheDir("strict-ok");
        Result r = CofferBootstrap.load(Settings.from(env(), null).withCacheDirectory(dir), Mode.STRICT);

        assertThat(r.source()).isEqualTo(Source.SERVER);
        assertThat(r.secrets()).containsExactlyInAnyOrderEntriesOf(SECRETS); // not recursive: NESTED_ONLY is not there
        assertThat(r.asMap()).isEqualTo(r.secrets());
        assertThat(r.warnings()).isEmpty();
        assertThat(r.fetchedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(r.degraded()).isFalse();

        Path file = new LocalCache(dir, server.baseUrl(), Scope.of(project, "dev"), machine.clientSecret()).file();
        assertThat(file).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temp file left behind
        }
    }

    @Test
    void strictFailureOnMissingSettingsNamesExactlyTheMissingVariables() {
        Map<String, String> env = new HashMap<>();
        env.put("COFFER_API_URL", server.baseUrl());
        env.put("COFFER_CLIENT_ID", machine.clientId());
        Settings settings = Settings.from(env, null).withCacheDirectory(cacheDir("missing"));
        assertThat(settings.missing()).containsExactly("COFFER_PROJECT_ID", "COFFER_ENV", "COFFER_CLIENT_SECRET");

        CofferBootstrapException e =
                catchThrowableOfType(CofferBootstrapException.class, () -> CofferBootstrap.load(settings, Mode.STRICT));
        assertThat(e.reason()).isEqualTo(CofferBootstrapException.Reason.MISSING_SETTINGS);
        assertThat(e.getMessage())
                .contains("missing: COFFER_PROJECT_ID, COFFER_ENV, COFFER_CLIENT_SECRET.")
                .contains("INFISICAL_PROJECT_ID")
                .doesNotContain("COFFER_API_URL");

        CofferBootstrapException none = catchThrowableOfType(
                CofferBootstrapException.class, () -> CofferBootstrap.load(Settings.from(Map.of(), null), Mode.STRICT));
        assertThat(none.getMessage())
                .contains("missing: COFFER_API_URL, COFFER_PROJECT_ID, COFFER_ENV, "
                        + "COFFER_CLIENT_ID, COFFER_CLIENT_SECRET.")
                .contains("COFFER_TOKEN");

        // a token alone is enough credentials
        assertThat(Settings.from(
                                Map.of(
                                        "COFFER_TOKEN",
                                        "t0ken-value",
                                        "COFFER_API_URL",
                                        "http://x",
                                        "COFFER_ENV",
                                        "dev"),
                                null)
                        .missing())
                .containsExactly("COFFER_PROJECT_ID");
    }

    @Test
    void strictFailureOnAStoppedServerSaysToCheckTheUrlAndLeaksNothing() {
        TestServer own = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(own.api());
        String p = f.project("doomed");
        Fixtures.Machine m = f.machine("doomed-machine", "no-access");
        f.member(p, m.id(), "viewer");
        f.secret(p, "dev", "/", "DB_PASSWORD", SECRETS.get("DB_PASSWORD"));
        Settings settings = Settings.from(env(own.baseUrl(), p, m), null)
                .withCacheDirectory(cacheDir("stopped-strict"))
                .withTimeout(Duration.ofSeconds(3));
        assertThat(CofferBootstrap.load(settings, Mode.STRICT).secrets()).containsKey("DB_PASSWORD");
        String url = own.baseUrl();
        own.stop();

        long start = System.nanoTime();
        CofferBootstrapException e =
                catchThrowableOfType(CofferBootstrapException.class, () -> CofferBootstrap.load(settings, Mode.STRICT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(e.reason()).isEqualTo(CofferBootstrapException.Reason.UNAVAILABLE);
        assertThat(e.getMessage()).contains(url).contains("COFFER_API_URL").contains("running");
        assertNoSecretIn(e.getMessage(), m.clientSecret());
        assertNoSecretIn(e.toString(), m.clientSecret());
    }

    @Test
    void strictFailuresFor401And403And404SayWhatToDo() {
        // a machine of its own, so wrong logins do not count toward the shared machine's lockout
        Fixtures.Machine locked = fixtures.machine("bootstrap-wrong-secret", "no-access");
        fixtures.member(project, locked.id(), "viewer");
        Map<String, String> wrongSecret = env(server.baseUrl(), project, locked);
        wrongSecret.put("COFFER_CLIENT_SECRET", "definitely-not-the-client-secret");
        CofferBootstrapException unauthorized = catchThrowableOfType(
                CofferBootstrapException.class,
                () -> CofferBootstrap.load(
                        Settings.from(wrongSecret, null).withCacheDirectory(cacheDir("401")), Mode.STRICT));
        assertThat(unauthorized.reason()).isEqualTo(CofferBootstrapException.Reason.UNAUTHORIZED);
        assertThat(unauthorized.getMessage())
                .contains("COFFER_CLIENT_SECRET")
                .contains("create a new client secret")
                .doesNotContain("definitely-not-the-client-secret");
        assertNoSecretIn(unauthorized.getMessage(), machine.clientSecret());

        Fixtures.Machine outsider = fixtures.machine("bootstrap-outsider", "no-access");
        CofferBootstrapException forbidden = catchThrowableOfType(
                CofferBootstrapException.class,
                () -> CofferBootstrap.load(
                        Settings.from(env(server.baseUrl(), project, outsider), null)
                                .withCacheDirectory(cacheDir("403")),
                        Mode.STRICT));
        assertThat(forbidden.reason()).isEqualTo(CofferBootstrapException.Reason.FORBIDDEN);
        assertThat(forbidden.getMessage()).contains(outsider.clientId()).contains("Add the identity to the project");
        assertNoSecretIn(forbidden.getMessage(), outsider.clientSecret());

        Map<String, String> noSuchEnv = env();
        noSuchEnv.put("COFFER_ENV", "no-such-env");
        CofferBootstrapException notFound = catchThrowableOfType(
                CofferBootstrapException.class,
                () -> CofferBootstrap.load(
                        Settings.from(noSuchEnv, null).withCacheDirectory(cacheDir("404")), Mode.STRICT));
        assertThat(notFound.reason()).isEqualTo(CofferBootstrapException.Reason.NOT_FOUND);
        assertThat(notFound.getMessage()).contains("no-such-env").contains("COFFER_ENV");
        assertNoSecretIn(notFound.getMessage(), machine.clientSecret());

        Map<String, String> badUrl = env();
        badUrl.put("COFFER_API_URL", "coffer.example.com");
        CofferBootstrapException invalid = catchThrowableOfType(
                CofferBootstrapException.class, () -> CofferBootstrap.load(Settings.from(badUrl, null), Mode.STRICT));
        assertThat(invalid.reason()).isEqualTo(CofferBootstrapException.Reason.INVALID_SETTINGS);
        assertThat(invalid.getMessage()).contains("COFFER_API_URL").contains("http://");
    }

    // ---- lenient -------------------------------------------------------------------------------

    @Test
    void lenientWithTheServerStoppedAfterAGoodLoadUsesTheCacheAndSaysHowOldItIs() {
        TestServer own = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(own.api());
        String p = f.project("flaky");
        Fixtures.Machine m = f.machine("flaky-machine", "no-access");
        f.member(p, m.id(), "viewer");
        SECRETS.forEach((k, v) -> f.secret(p, "dev", "/", k, v));
        TestClock clock = new TestClock();
        Settings settings = Settings.from(env(own.baseUrl(), p, m), null)
                .withCacheDirectory(cacheDir("lenient-cache"))
                .withClock(clock)
                .withTimeout(Duration.ofSeconds(3));
        Result good = CofferBootstrap.load(settings, Mode.LENIENT);
        assertThat(good.source()).isEqualTo(Source.SERVER);
        Instant fetched = good.fetchedAt();
        String url = own.baseUrl();
        own.stop();

        clock.advance(Duration.ofHours(3).plusMinutes(12).plusSeconds(7));
        List<LogRecord> logged = new ArrayList<>();
        Result r = withLogCapture(logged, () -> CofferBootstrap.load(settings, Mode.LENIENT));

        assertThat(r.source()).isEqualTo(Source.CACHE);
        assertThat(r.secrets()).containsExactlyInAnyOrderEntriesOf(SECRETS);
        assertThat(r.fetchedAt()).isEqualTo(fetched);
        assertThat(r.degraded()).isTrue();
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .contains("using secrets cached 3 h 12 min ago")
                .contains(url);
        assertNoSecretIn(r.warnings().get(0), m.clientSecret());
        assertThat(logged).extracting(LogRecord::getLevel).contains(Level.WARNING);
        assertThat(logged)
                .extracting(LogRecord::getMessage)
                .anySatisfy(msg -> assertThat(msg).contains("3 h 12 min ago"));
        assertThat(r.toString()).contains("3 secrets").contains("CACHE").contains("ago");
        assertNoSecretIn(r.toString());
    }

    @Test
    void lenientWithoutACacheGivesNoSecretsAndAWarning() throws IOException {
        Settings settings =
                Settings.from(env(unusedUrl(), project, machine), null).withCacheDirectory(cacheDir("empty"));
        Result r = CofferBootstrap.load(settings, Mode.LENIENT);
        assertThat(r.source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(r.secrets()).isEmpty();
        assertThat(r.fetchedAt()).isNull();
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .contains("Cannot")
                .contains("no usable local cache")
                .contains("process environment");
        assertThat(r.toString()).contains("0 secrets from ENVIRONMENT").contains("nothing fetched");
    }

    @Test
    void anEmptyFolderLoadsButWarnsAboutThePath() {
        Map<String, String> env = env();
        env.put("COFFER_PATH", "/no-such-folder");
        Result r = CofferBootstrap.load(
                Settings.from(env, null).withCacheDirectory(cacheDir("empty-folder")), Mode.STRICT);
        assertThat(r.source()).isEqualTo(Source.SERVER);
        assertThat(r.secrets()).isEmpty();
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .contains("/no-such-folder")
                .contains("COFFER_PATH");

        env.put("COFFER_PATH", "/nested");
        assertThat(CofferBootstrap.load(Settings.from(env, null).withCacheDirectory(cacheDir("nested")), Mode.STRICT)
                        .secrets())
                .containsExactly(Map.entry("NESTED_ONLY", "nested-value-3c9d"));
    }

    @Test
    void lenientWithMissingSettingsWarnsAndLoadsNothing() {
        Result r = CofferBootstrap.load(Settings.from(Map.of("COFFER_API_URL", server.baseUrl()), null), Mode.LENIENT);
        assertThat(r.source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(r.secrets()).isEmpty();
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .contains("COFFER_PROJECT_ID, COFFER_ENV, COFFER_CLIENT_ID, COFFER_CLIENT_SECRET");
    }

    @Test
    void aCacheWrittenWithOneCredentialIsNotUsedWithAnother() throws IOException {
        // a good load with the right secret, then a lenient load with another secret: refused (401), and
        // the snapshot the right secret wrote does not open with the wrong one
        Path dir = cacheDir("other-credential");
        Fixtures.Machine m = fixtures.machine("bootstrap-other-credential", "no-access");
        fixtures.member(project, m.id(), "viewer");
        CofferBootstrap.load(
                Settings.from(env(server.baseUrl(), project, m), null).withCacheDirectory(dir), Mode.STRICT);
        Map<String, String> other = env(server.baseUrl(), project, m);
        other.put("COFFER_CLIENT_SECRET", "another-client-secret-value");
        Result r = CofferBootstrap.load(Settings.from(other, null).withCacheDirectory(dir), Mode.LENIENT);
        assertThat(r.source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(r.secrets()).isEmpty();
        assertThat(r.warnings().get(0)).contains("401").doesNotContain("another-client-secret-value");
    }

    @Test
    void lenientAfterTheIdentityWasRemovedFromTheProjectDoesNotServeTheCache() {
        Path dir = cacheDir("removed-member");
        Fixtures.Machine m = fixtures.machine("bootstrap-removed-member", "no-access");
        fixtures.member(project, m.id(), "viewer");
        Settings settings =
                Settings.from(env(server.baseUrl(), project, m), null).withCacheDirectory(dir);
        assertThat(CofferBootstrap.load(settings, Mode.STRICT).source()).isEqualTo(Source.SERVER);
        var removed = server.api()
                .delete(
                        "/api/v2/workspace/" + project + "/identity-memberships/" + m.id(),
                        fixtures.admin().token(),
                        Map.of());
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);

        Result r = CofferBootstrap.load(settings, Mode.LENIENT);
        assertThat(r.source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(r.secrets()).isEmpty();
        assertThat(r.warnings().get(0)).contains("refused").contains("not used");
    }

    // ---- settings ------------------------------------------------------------------------------

    @Test
    void infisicalNamesWorkAndCofferNamesWin() {
        Map<String, String> infisical = new HashMap<>();
        infisical.put("INFISICAL_API_URL", server.baseUrl() + "/api");
        infisical.put("INFISICAL_PROJECT_ID", project);
        infisical.put("INFISICAL_ENVIRONMENT", "dev");
        infisical.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", machine.clientId());
        infisical.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", machine.clientSecret());
        Result r = CofferBootstrap.load(
                Settings.from(infisical, null).withCacheDirectory(cacheDir("infisical")), Mode.STRICT);
        assertThat(r.secrets()).containsExactlyInAnyOrderEntriesOf(SECRETS);

        Map<String, String> domain = new HashMap<>(infisical);
        domain.remove("INFISICAL_API_URL");
        domain.put("INFISICAL_DOMAIN", server.baseUrl());
        domain.remove("INFISICAL_ENVIRONMENT");
        domain.put("INFISICAL_ENV", "dev");
        assertThat(Settings.from(domain, null).missing()).isEmpty();
        assertThat(Settings.from(domain, null).apiUrl()).isEqualTo(server.baseUrl());

        Map<String, String> both = new HashMap<>(infisical);
        both.put("INFISICAL_PROJECT_ID", "wrong-project");
        both.put("INFISICAL_ENVIRONMENT", "prod");
        both.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "wrong-secret");
        both.put("COFFER_PROJECT_ID", project);
        both.put("COFFER_ENV", "dev");
        both.put("COFFER_CLIENT_SECRET", machine.clientSecret());
        Settings s = Settings.from(both, null).withCacheDirectory(cacheDir("both"));
        assertThat(s.projectId()).isEqualTo(project);
        assertThat(s.environment()).isEqualTo("dev");
        assertThat(CofferBootstrap.load(s, Mode.STRICT).secrets()).containsExactlyInAnyOrderEntriesOf(SECRETS);

        Map<String, String> token = new HashMap<>();
        token.put("INFISICAL_API_URL", server.baseUrl());
        token.put("INFISICAL_PROJECT_ID", project);
        token.put("INFISICAL_ENV", "dev");
        token.put("INFISICAL_TOKEN", fixtures.login(machine.clientId(), machine.clientSecret()));
        Settings ts = Settings.from(token, null).withCacheDirectory(cacheDir("token"));
        assertThat(ts.usesToken()).isTrue();
        assertThat(CofferBootstrap.load(ts, Mode.STRICT).secrets()).containsExactlyInAnyOrderEntriesOf(SECRETS);
    }

    @Test
    void theSettingsFileIsReadButOtherKeysInItAreNeverLoadedAsSecrets() throws IOException {
        Path file = tmp.resolve("app.env");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "# settings for the app",
                        "export COFFER_API_URL=" + server.baseUrl(),
                        "COFFER_PROJECT_ID='" + project + "'",
                        "COFFER_ENV=\"dev\"   # the development environment",
                        "",
                        "COFFER_CLIENT_ID = " + machine.clientId(),
                        "COFFER_CLIENT_SECRET=\"" + machine.clientSecret() + "\"",
                        "STRIPE_SECRET_KEY=sk_live_from_the_settings_file",
                        "DB_PASSWORD=from-the-file-not-the-server",
                        "this line is not a setting",
                        ""),
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        Settings s = Settings.from(Map.of(), file).withCacheDirectory(cacheDir("file"));
        assertThat(s.missing()).isEmpty();
        assertThat(s.settingsFile()).contains(file.toAbsolutePath());
        assertThat(s.toString()).doesNotContain(machine.clientSecret()).contains("clientSecret=set");
        Result r = CofferBootstrap.load(s, Mode.STRICT);
        assertThat(r.secrets()).containsExactlyInAnyOrderEntriesOf(SECRETS).doesNotContainKey("STRIPE_SECRET_KEY");
        assertThat(r.secrets().get("DB_PASSWORD")).isEqualTo(SECRETS.get("DB_PASSWORD"));
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .contains("line")
                .contains("[10]")
                .doesNotContain("this line is not a setting");
        assertThat(System.getProperty("STRIPE_SECRET_KEY")).isNull();

        // environment variables win over the file
        Settings envWins = Settings.from(Map.of("COFFER_ENV", "prod", "INFISICAL_PROJECT_ID", "from-env"), file);
        assertThat(envWins.environment()).isEqualTo("prod");
        assertThat(envWins.projectId()).isEqualTo("from-env");
        assertThat(envWins.clientId()).isEqualTo(machine.clientId());
    }

    @Test
    void aSettingsFileWithTheClientSecretThatOthersCanReadIsWarnedAbout() throws IOException {
        Path file = tmp.resolve("open.env");
        Files.writeString(file, "COFFER_CLIENT_SECRET=" + machine.clientSecret() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Settings s = Settings.from(Map.of(), file);
        assertThat(s.notes()).singleElement().asString().contains("chmod 600").doesNotContain(machine.clientSecret());

        Settings missingFile = Settings.from(Map.of(), tmp.resolve("does-not-exist.env"));
        assertThat(missingFile.notes()).singleElement().asString().contains("could not be read");
        CofferBootstrapException e = catchThrowableOfType(
                CofferBootstrapException.class, () -> CofferBootstrap.load(missingFile, Mode.STRICT));
        assertThat(e.getMessage()).contains("does-not-exist.env");
    }

    @Test
    void theCacheFileHoldsNoPlaintextAndDoesNotOpenWithAnotherCredential() throws IOException {
        Path dir = cacheDir("raw");
        CofferBootstrap.load(Settings.from(env(), null).withCacheDirectory(dir), Mode.STRICT);
        Scope scope = Scope.of(project, "dev");
        LocalCache right = new LocalCache(dir, server.baseUrl(), scope, machine.clientSecret());
        byte[] raw = Files.readAllBytes(right.file());
        String asText = new String(raw, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> e : SECRETS.entrySet()) {
            assertThat(asText).doesNotContain(e.getValue()).doesNotContain(e.getKey());
        }
        assertThat(asText).doesNotContain(machine.clientSecret());

        assertThat(right.load())
                .hasValueSatisfying(snap -> assertThat(snap.secrets()).isEqualTo(SECRETS));
        assertThat(new LocalCache(dir, server.baseUrl(), scope, "some-other-client-secret").load())
                .isEmpty();
        assertThat(new LocalCache(dir, server.baseUrl(), scope.withPath("/nested"), machine.clientSecret()).load())
                .isEmpty();
    }

    // ---- result --------------------------------------------------------------------------------

    @Test
    void putIntoSystemPropertiesKeepsExistingPropertiesUnlessToldToOverwrite() {
        String a = "coffer.test.preset." + System.nanoTime();
        String b = "coffer.test.fresh." + System.nanoTime();
        System.setProperty(a, "preset-value");
        try {
            Result r =
                    new Result(Map.of(a, "from-coffer-a", b, "from-coffer-b"), Source.SERVER, Instant.now(), List.of());
            assertThat(r.putIntoSystemProperties(false)).isEqualTo(1);
            assertThat(System.getProperty(a)).isEqualTo("preset-value");
            assertThat(System.getProperty(b)).isEqualTo("from-coffer-b");
            assertThat(r.putIntoSystemProperties(true)).isEqualTo(2);
            assertThat(System.getProperty(a)).isEqualTo("from-coffer-a");
        } finally {
            System.clearProperty(a);
            System.clearProperty(b);
        }
    }

    @Test
    void resultToStringShowsCountSourceAndAgeButNoValue() {
        Result r = new Result(SECRETS, Source.SERVER, Instant.now().minusSeconds(125), List.of("a warning"));
        assertThat(r.toString()).isEqualTo("Result[3 secrets from SERVER, fetched 2 min ago, 1 warning]");
        assertNoSecretIn(r.toString());
        assertThat(r.asMap()).isEqualTo(SECRETS);
    }

    @Test
    void agesReadNaturally() {
        assertThat(LocalCache.describeAge(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(LocalCache.describeAge(Duration.ofMinutes(12).plusSeconds(59)))
                .isEqualTo("12 min");
        assertThat(LocalCache.describeAge(Duration.ofHours(3).plusMinutes(12))).isEqualTo("3 h 12 min");
        assertThat(LocalCache.describeAge(Duration.ofHours(5))).isEqualTo("5 h");
        assertThat(LocalCache.describeAge(Duration.ofDays(2).plusHours(4).plusMinutes(30)))
                .isEqualTo("2 d 4 h");
        assertThat(LocalCache.describeAge(Duration.ofSeconds(-5))).isEqualTo("0 s");
    }

    private static <T> T withLogCapture(List<LogRecord> into, java.util.function.Supplier<T> action) {
        return dev.coffer.sdk.LogCapture.during(CofferBootstrap.class, into, action);
    }
}
