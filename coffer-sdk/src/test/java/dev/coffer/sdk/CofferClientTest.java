package dev.coffer.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a real server on SQLite: secret and folder round trips, typed errors with the
 * server's messages, and values that never show in messages or {@code toString}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CofferClientTest {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private TestServer server;
    private Fixtures fixtures;

    @BeforeAll
    void startServer() {
        server = TestServer.start(Backend.SQLITE);
        fixtures = new Fixtures(server.api());
        fixtures.admin();
    }

    @AfterAll
    void stopServer() {
        if (server != null) server.close();
    }

    /** A fresh project with a machine identity of the given project role. */
    private record Setup(String projectId, Fixtures.Machine machine, CofferClient client) {}

    private Setup setup(String role) {
        int n = SEQ.incrementAndGet();
        String project = fixtures.project("client-test-" + n);
        Fixtures.Machine m = fixtures.machine("client-test-machine-" + n, "no-access");
        fixtures.member(project, m.id(), role);
        CofferClient client = CofferClient.builder()
                .apiUrl(server.baseUrl())
                .universalAuth(m.clientId(), m.clientSecret())
                .timeout(Duration.ofSeconds(5))
                .build();
        return new Setup(project, m, client);
    }

    @Test
    void secretsRoundTripThroughCreateListGetUpdateAndDelete() {
        Setup s = setup("member");
        Scope scope = Scope.of(s.projectId(), "dev");
        Secret created = s.client().createSecret(scope, "DB_PASSWORD", "hunter2-value", "the database");
        assertThat(created.key()).isEqualTo("DB_PASSWORD");
        assertThat(created.valueText()).isEqualTo("hunter2-value");
        assertThat(created.comment().reveal()).isEqualTo("the database");
        assertThat(created.version()).isEqualTo(1);
        s.client().createSecret(scope, "API_KEY", "key-value-1", null);

        assertThat(s.client().secretMap(scope))
                .containsExactlyInAnyOrderEntriesOf(Map.of("DB_PASSWORD", "hunter2-value", "API_KEY", "key-value-1"));
        assertThat(s.client().getSecret(scope, "API_KEY").valueText()).isEqualTo("key-value-1");

        Secret updated = s.client().updateSecret(scope, "API_KEY", "key-value-2", null);
        assertThat(updated.valueText()).isEqualTo("key-value-2");
        assertThat(updated.version()).isEqualTo(2);
        // the write dropped the cached reads, so the default 30 s TTL does not hide the change
        assertThat(s.client().getSecret(scope, "API_KEY").valueText()).isEqualTo("key-value-2");
        assertThat(s.client().secretMap(scope)).containsEntry("API_KEY", "key-value-2");
        assertThat(s.client().getSecretVersion(scope, "API_KEY", 1).valueText()).isEqualTo("key-value-1");

        Secret commentOnly = s.client().updateSecret(scope, "API_KEY", null, "rotated monthly");
        assertThat(commentOnly.valueText()).isEqualTo("key-value-2");
        assertThat(commentOnly.comment().reveal()).isEqualTo("rotated monthly");

        Secret deleted = s.client().deleteSecret(scope, "API_KEY");
        assertThat(deleted.key()).isEqualTo("API_KEY");
        assertThat(s.client().secretMap(scope)).containsOnlyKeys("DB_PASSWORD");
        assertThatThrownBy(() -> s.client().getSecret(scope, "API_KEY")).isInstanceOf(CofferException.NotFound.class);
    }

    @Test
    void aBatchUpsertCreatesAndUpdatesInOneCall() {
        Setup s = setup("member");
        Scope scope = Scope.of(s.projectId(), "staging");
        s.client().createSecret(scope, "A", "a-1", null);
        Map<String, String> batch = new LinkedHashMap<>();
        batch.put("A", "a-2");
        batch.put("B", "b-1");
        List<Secret> out = s.client().upsertSecrets(scope, batch);
        assertThat(out).extracting(Secret::key).containsExactlyInAnyOrder("A", "B");
        assertThat(s.client().secretMap(scope)).containsExactlyInAnyOrderEntriesOf(Map.of("A", "a-2", "B", "b-1"));
    }

    @Test
    void referencesAreExpandedWhenTheScopeAsksForIt() {
        Setup s = setup("member");
        Scope scope = Scope.of(s.projectId(), "dev");
        s.client().createSecret(scope, "HOST", "db.internal", null);
        s.client().createSecret(scope, "URL", "postgres://${HOST}:5432", null);
        assertThat(s.client().secretMap(scope)).containsEntry("URL", "postgres://db.internal:5432");
        assertThat(s.client().secretMap(scope.withExpand(false))).containsEntry("URL", "postgres://${HOST}:5432");
    }

    @Test
    void foldersRoundTripThroughCreateListSecretsInsideAndDelete() {
        Setup s = setup("member");
        Scope root = Scope.of(s.projectId(), "dev");
        Folder backend = s.client().createFolder(root, "backend");
        assertThat(backend.name()).isEqualTo("backend");
        assertThat(backend.id()).isNotBlank();
        s.client().createFolder(root.withPath("/backend"), "workers");

        assertThat(s.client().listFolders(root)).extracting(Folder::name).containsExactly("backend");
        assertThat(s.client().listFolders(root.withPath("/backend")))
                .extracting(Folder::name)
                .containsExactly("workers");

        Scope inFolder = root.withPath("/backend/workers");
        s.client().createSecret(inFolder, "QUEUE_PASSWORD", "q-value", null);
        assertThat(s.client().secretMap(inFolder)).containsExactly(Map.entry("QUEUE_PASSWORD", "q-value"));
        assertThat(s.client().secretMap(root)).isEmpty();
        assertThat(s.client().listSecrets(root.withRecursive(true)))
                .extracting(Secret::key, Secret::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("QUEUE_PASSWORD", "/backend/workers"));

        s.client().deleteFolder(root, "backend");
        assertThat(s.client().listFolders(root)).isEmpty();
        // as in Infisical, listing a folder that does not exist is an empty list, not a 404
        assertThat(s.client().secretMap(inFolder)).isEmpty();
        assertThatThrownBy(() -> s.client().getSecret(inFolder, "QUEUE_PASSWORD"))
                .isInstanceOf(CofferException.NotFound.class);
    }

    @Test
    void aMissingSecretIsNotFoundWithTheServersMessageNamingIt() {
        Setup s = setup("viewer");
        CofferException.NotFound e = catchThrowableOfType(
                CofferException.NotFound.class,
                () -> s.client().getSecret(Scope.of(s.projectId(), "dev"), "NO_SUCH_SECRET"));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("NO_SUCH_SECRET");
        assertThat(e.error()).isNotBlank();
    }

    @Test
    void anIdentityThatIsNotInTheProjectIsForbidden() {
        String project = fixtures.project("client-test-foreign-" + SEQ.incrementAndGet());
        fixtures.secret(project, "dev", "/", "FOREIGN", "foreign-value");
        Fixtures.Machine outsider = fixtures.machine("outsider-" + SEQ.incrementAndGet(), "no-access");
        CofferClient client = CofferClient.builder()
                .apiUrl(server.baseUrl())
                .universalAuth(outsider.clientId(), outsider.clientSecret())
                .build();
        CofferException.Forbidden e = catchThrowableOfType(
                CofferException.Forbidden.class, () -> client.listSecrets(Scope.of(project, "dev")));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage()).isNotBlank().doesNotContain("foreign-value");
    }

    @Test
    void aWrongClientSecretIsUnauthorizedAndTheMessageDoesNotEchoIt() {
        Setup s = setup("viewer");
        String wrong = "wrong-client-secret-0123456789abcdef";
        CofferClient client = CofferClient.builder()
                .apiUrl(server.baseUrl())
                .universalAuth(s.machine().clientId(), wrong)
                .build();
        CofferException.Unauthorized e = catchThrowableOfType(
                CofferException.Unauthorized.class, () -> client.listSecrets(Scope.of(s.projectId(), "dev")));
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.getMessage()).contains("client secret").doesNotContain(wrong);
        assertThat(e.toString()).doesNotContain(wrong);
    }

    @Test
    void aFixedAccessTokenWorksWithoutLoggingIn() {
        Setup s = setup("viewer");
        fixtures.secret(s.projectId(), "dev", "/", "TOKEN_READ", "read-with-token");
        CofferClient client = CofferClient.builder()
                .apiUrl(server.baseUrl())
                .token(s.machine().token())
                .build();
        assertThat(client.login()).isEqualTo(s.machine().token());
        assertThat(client.secretMap(Scope.of(s.projectId(), "dev"))).containsEntry("TOKEN_READ", "read-with-token");
        CofferClient bad = CofferClient.builder()
                .apiUrl(server.baseUrl())
                .token("not-a-token")
                .build();
        assertThatThrownBy(() -> bad.secretMap(Scope.of(s.projectId(), "dev")))
                .isInstanceOf(CofferException.Unauthorized.class);
    }

    @Test
    void aStoppedServerIsUnavailableFastWellWithinTheTimeout() {
        TestServer own = TestServer.start(Backend.SQLITE);
        Fixtures f = new Fixtures(own.api());
        String project = f.project("stopped");
        Fixtures.Machine m = f.machine("stopped-machine", "no-access");
        f.member(project, m.id(), "viewer");
        CofferClient client = CofferClient.builder()
                .apiUrl(own.baseUrl())
                .universalAuth(m.clientId(), m.clientSecret())
                .timeout(Duration.ofSeconds(5))
                .cacheTtl(Duration.ZERO)
                .build();
        Scope scope = Scope.of(project, "dev");
        assertThat(client.secretMap(scope)).isEmpty();
        String url = own.baseUrl();
        own.stop();

        long start = System.nanoTime();
        CofferException.Unavailable e =
                catchThrowableOfType(CofferException.Unavailable.class, () -> client.secretMap(scope));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains(url);
    }

    @Test
    void nothingListeningIsUnavailableToo() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CofferClient client = CofferClient.builder()
                .apiUrl("http://127.0.0.1:" + port)
                .universalAuth("id", "secret")
                .timeout(Duration.ofSeconds(3))
                .build();
        long start = System.nanoTime();
        assertThatThrownBy(client::login)
                .isInstanceOf(CofferException.Unavailable.class)
                .hasMessageContaining("127.0.0.1:" + port);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    @SuppressWarnings("try") // silent is closed early, inside its try block, to stop the acceptor
    void aServerThatAcceptsButNeverAnswersIsUnavailableAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) held.add(silent.accept()); // accept, read nothing, answer nothing
                } catch (java.io.IOException closed) {
                    held.forEach(h -> {
                        try {
                            h.close();
                        } catch (java.io.IOException ignored) {
                            // closing anyway
                        }
                    });
                }
            });
            CofferClient client = CofferClient.builder()
                    .apiUrl("http://127.0.0.1:" + silent.getLocalPort())
                    .universalAuth("id", "secret")
                    .timeout(Duration.ofSeconds(1))
                    .build();
            long start = System.nanoTime();
            assertThatThrownBy(client::login)
                    .isInstanceOf(CofferException.Unavailable.class)
                    .hasMessageContaining("did not answer within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
            silent.close();
            acceptor.join(2_000);
        }
    }

    @Test
    void errorMessagesAndToStringsNeverContainASecretValue() {
        Setup s = setup("member");
        Scope scope = Scope.of(s.projectId(), "dev");
        String value = "s3cr3t-value-that-must-not-leak";
        Secret secret = s.client().createSecret(scope, "LEAK_CHECK", value, "comment-that-is-private");
        assertThat(secret.toString())
                .contains("LEAK_CHECK")
                .doesNotContain(value)
                .doesNotContain("comment-that-is-private");
        assertThat(secret.value().toString()).doesNotContain(value);
        assertThat(SecretText.of(value).toString()).isEqualTo("SecretText[redacted]");
        assertThat(s.client().listSecrets(scope).toString()).doesNotContain(value);

        // errors from requests that carried the value
        CofferException duplicate = catchThrowableOfType(
                CofferException.class, () -> s.client().createSecret(scope, "LEAK_CHECK", value, null));
        assertThat(duplicate.status()).isBetween(400, 499);
        assertThat(duplicate.getMessage()).contains("LEAK_CHECK").doesNotContain(value);
        CofferException badKey = catchThrowableOfType(
                CofferException.class, () -> s.client().createSecret(scope, "bad key!", value, null));
        assertThat(badKey.getMessage()).doesNotContain(value);
        CofferException missingEnv = catchThrowableOfType(
                CofferException.class,
                () -> s.client().updateSecret(scope.withEnvironment("nope"), "LEAK_CHECK", value, null));
        assertThat(missingEnv.getMessage()).doesNotContain(value);
        CofferException viewerWrite = catchThrowableOfType(CofferException.class, () -> {
            Setup viewer = new Setup(s.projectId(), null, null);
            Fixtures.Machine m = fixtures.machine("leak-viewer-" + SEQ.incrementAndGet(), "no-access");
            fixtures.member(viewer.projectId(), m.id(), "viewer");
            CofferClient.builder()
                    .apiUrl(server.baseUrl())
                    .universalAuth(m.clientId(), m.clientSecret())
                    .build()
                    .updateSecret(scope, "LEAK_CHECK", value, null);
        });
        assertThat(viewerWrite).isInstanceOf(CofferException.Forbidden.class);
        assertThat(viewerWrite.getMessage()).doesNotContain(value);
        assertThat(new Credentials.UniversalAuth("id", value).toString()).doesNotContain(value);
        assertThat(new Credentials.Token(value).toString()).doesNotContain(value);
    }

    @Test
    void theClientItsPartsAndItsAnswersShowNoCredentialOrValueInToString(@TempDir Path dir) {
        Setup s = setup("member");
        Scope scope = Scope.of(s.projectId(), "dev");
        String value = "value-for-tostring-91e0c3";
        s.client().createSecret(scope, "TO_STRING", value, null);
        String token = s.client().accessToken();
        CofferClient.Builder builder = CofferClient.builder()
                .apiUrl(server.baseUrl())
                .universalAuth("id", s.machine().clientSecret());
        Transport.Reply reply = new Transport.Reply(
                200, Transport.JSON.createObjectNode().put("secretValue", value).put("accessToken", token), "etag");
        for (Object o : List.of(
                s.client(),
                builder,
                reply,
                new LocalCache(dir, server.baseUrl(), scope, s.machine().clientSecret()))) {
            assertThat(o.toString())
                    .doesNotContain(s.machine().clientSecret())
                    .doesNotContain(token)
                    .doesNotContain(value);
        }
    }
}
