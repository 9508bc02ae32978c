package dev.coffer.sdk.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coffer.sdk.RawServer;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Mode;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Result;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Settings;
import dev.coffer.sdk.bootstrap.CofferBootstrap.Source;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server URL and the credentials come from one source: a settings file cannot send the
 * environment's client secret to a server it names, nor the other way round. The "evil" server is a
 * bare listener that records every connection; none may reach it. With {@code withRequireHttps(true)}, plain
 * http to another host is refused before any request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionSourceTest {

    private TestServer server;
    private String project;
    private Fixtures.Machine machine;
    private RawServer evil;

    @TempDir
    Path tmp;

    @BeforeAll
    void startServer() {
        server = TestServer.start(Backend.SQLITE);
        Fixtures fixtures = new Fixtures(server.api());
        project = fixtures.project("connection-source");
        machine = fixtures.machine("connection-source-machine", "no-access");
        fixtures.member(project, machine.id(), "viewer");
        fixtures.secret(project, "dev", "/", "DB_PASSWORD", "db-pass-0c7e11a9");
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    @BeforeEach
    void startEvilListener() {
        evil = RawServer.recordingOnly();
    }

    @AfterEach
    void stopEvilListener() {
        evil.close();
    }

    private Map<String, String> envCredentials() {
        Map<String, String> env = new HashMap<>();
        env.put("COFFER_CLIENT_ID", machine.clientId());
        env.put("COFFER_CLIENT_SECRET", machine.clientSecret());
        return env;
    }

    private Path dotEnv(String... lines) throws IOException {
        Path file = tmp.resolve("repo-" + System.nanoTime()).resolve(".env");
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Settings settings(Map<String, String> env, Path file) {
        return Settings.from(env, file).withCacheDirectory(tmp.resolve("cache")).withTimeout(Duration.ofSeconds(2));
    }

    @Test
    void aDotEnvNamingAServerIsRefusedWhenTheCredentialsComeFromTheEnvironment() throws IOException {
        Path file = dotEnv("COFFER_API_URL=" + evil.baseUrl(), "COFFER_PROJECT_ID=" + project, "COFFER_ENV=dev");
        Settings s = settings(envCredentials(), file);
        assertThat(s.apiUrl()).isNull();

        CofferBootstrapException e =
                catchThrowableOfType(CofferBootstrapException.class, () -> CofferBootstrap.load(s, Mode.STRICT));
        assertThat(e.reason()).isEqualTo(CofferBootstrapException.Reason.INVALID_SETTINGS);
        assertThat(e.getMessage())
                .contains("COFFER_API_URL in " + file)
                .contains("the credentials come from the environment (COFFER_CLIENT_ID, COFFER_CLIENT_SECRET)")
                .contains("Set COFFER_API_URL in the environment too")
                .doesNotContain(machine.clientSecret());

        Result lenient = CofferBootstrap.load(s, Mode.LENIENT);
        assertThat(lenient.source()).isEqualTo(Source.ENVIRONMENT);
        assertThat(lenient.secrets()).isEmpty();
        assertThat(lenient.warnings()).singleElement().asString().contains("may not send the environment's");

        // the same with the Infisical names
        Map<String, String> infisical = Map.of(
                "INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", machine.clientId(),
                "INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", machine.clientSecret());
        Path infisicalFile =
                dotEnv("INFISICAL_DOMAIN=" + evil.baseUrl(), "INFISICAL_PROJECT_ID=" + project, "INFISICAL_ENV=dev");
        assertThat(CofferBootstrap.load(settings(infisical, infisicalFile), Mode.LENIENT)
                        .warnings())
                .singleElement()
                .asString()
                .contains("INFISICAL_DOMAIN in " + infisicalFile)
                .contains("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET");

        assertThat(evil.connections()).isZero();
    }

    @Test
    void withTheServerAlsoInTheEnvironmentTheFilesServerIsIgnoredWithAWarning() throws IOException {
        Map<String, String> env = envCredentials();
        env.put("COFFER_API_URL", server.baseUrl());
        Path file = dotEnv(
                "COFFER_API_URL=" + evil.baseUrl(),
                "COFFER_PROJECT_ID=" + project,
                "COFFER_ENV=dev",
                "COFFER_CLIENT_SECRET=a-secret-of-the-file");
        Settings s = settings(env, file);
        assertThat(s.apiUrl()).isEqualTo(server.baseUrl());

        Result r = CofferBootstrap.load(s, Mode.STRICT);
        assertThat(r.secrets()).containsExactly(Map.entry("DB_PASSWORD", "db-pass-0c7e11a9"));
        assertThat(r.warnings())
                .singleElement()
                .asString()
                .contains("names another server")
                .contains("was ignored")
                .doesNotContain("a-secret-of-the-file");
        assertThat(evil.connections()).isZero();

        // the same URL in both places is no conflict and no warning
        Path same = dotEnv("COFFER_API_URL=" + server.baseUrl(), "COFFER_PROJECT_ID=" + project, "COFFER_ENV=dev");
        assertThat(CofferBootstrap.load(settings(env, same), Mode.STRICT).warnings())
                .isEmpty();
    }

    @Test
    void credentialsInTheFileGoOnlyToTheFilesServer() throws IOException {
        Path credentialsOnly = dotEnv(
                "COFFER_PROJECT_ID=" + project,
                "COFFER_ENV=dev",
                "COFFER_CLIENT_ID=" + machine.clientId(),
                "COFFER_CLIENT_SECRET=" + machine.clientSecret());
        Path withItsServer = dotEnv(
                "COFFER_API_URL=" + server.baseUrl(),
                "COFFER_PROJECT_ID=" + project,
                "COFFER_ENV=dev",
                "COFFER_CLIENT_ID=" + machine.clientId(),
                "COFFER_CLIENT_SECRET=" + machine.clientSecret());
        Map<String, String> evilUrl = Map.of("COFFER_API_URL", evil.baseUrl());
        for (Path file : List.of(credentialsOnly, withItsServer)) {
            CofferBootstrapException e = catchThrowableOfType(
                    CofferBootstrapException.class, () -> CofferBootstrap.load(settings(evilUrl, file), Mode.STRICT));
            assertThat(e.reason()).isEqualTo(CofferBootstrapException.Reason.INVALID_SETTINGS);
            assertThat(e.getMessage())
                    .contains("The credentials come from the settings file " + file)
                    .contains("environment variable COFFER_API_URL")
                    .doesNotContain(machine.clientSecret());
        }
        assertThat(evil.connections()).isZero();

        // the file alone, or with the environment naming the same server, works as before
        assertThat(CofferBootstrap.load(settings(Map.of(), withItsServer), Mode.STRICT)
                        .secrets())
                .containsKey("DB_PASSWORD");
        assertThat(CofferBootstrap.load(
                                settings(
                                        Map.of("COFFER_API_URL", server.baseUrl(), "COFFER_ENV", "dev"), withItsServer),
                                Mode.STRICT)
                        .secrets())
                .containsKey("DB_PASSWORD");
    }

    @Test
    void credentialsSplitBetweenTheEnvironmentAndTheFileAreRefused() throws IOException {
        Path file = dotEnv(
                "COFFER_API_URL=" + evil.baseUrl(),
                "COFFER_PROJECT_ID=" + project,
                "COFFER_ENV=dev",
                "COFFER_CLIENT_SECRET=" + machine.clientSecret());
        CofferBootstrapException e = catchThrowableOfType(
                CofferBootstrapException.class,
                () -> CofferBootstrap.load(
                        settings(Map.of("COFFER_CLIENT_ID", machine.clientId()), file), Mode.STRICT));
        assertThat(e.reason()).isEqualTo(CofferBootstrapException.Reason.INVALID_SETTINGS);
        assertThat(e.getMessage()).contains("split").doesNotContain(machine.clientSecret());
        assertThat(evil.connections()).isZero();
    }

    @Test
    void aFileWithoutAnyCredentialsStillProvidesTheServerWhenNoneAreSet() throws IOException {
        // nothing to protect: the missing credentials are reported, not the URL
        Path file = dotEnv("COFFER_API_URL=" + server.baseUrl(), "COFFER_PROJECT_ID=" + project, "COFFER_ENV=dev");
        Settings s = settings(Map.of(), file);
        assertThat(s.apiUrl()).isEqualTo(server.baseUrl());
        assertThat(s.missing()).containsExactly("COFFER_CLIENT_ID", "COFFER_CLIENT_SECRET");
    }

    @Test
    void withRequireHttpsAPlainHttpServerOnAnotherHostIsRefusedBeforeAnyRequest() {
        Map<String, String> env = envCredentials();
        env.put("COFFER_API_URL", "http://coffer.invalid:8080");
        env.put("COFFER_PROJECT_ID", project);
        env.put("COFFER_ENV", "dev");
        CofferBootstrapException e = catchThrowableOfType(
                CofferBootstrapException.class,
                () -> CofferBootstrap.load(settings(env, null).withRequireHttps(true), Mode.STRICT));
        assertThat(e.reason()).isEqualTo(CofferBootstrapException.Reason.INVALID_SETTINGS);
        assertThat(e.getMessage()).contains("plain http://").contains("Use https://");

        // loopback stays allowed
        env.put("COFFER_API_URL", server.baseUrl());
        assertThat(CofferBootstrap.load(settings(env, null).withRequireHttps(true), Mode.STRICT)
                        .secrets())
                .containsKey("DB_PASSWORD");
    }
}
