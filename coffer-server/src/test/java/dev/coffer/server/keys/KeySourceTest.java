package dev.coffer.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.app.Config;
import dev.coffer.server.app.Wiring;
import dev.coffer.server.errors.StartupException;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the key-encryption key comes from (ARCHITECTURE.md, Keys): COFFER_ENCRYPTION_KEY, else
 * COFFER_ENCRYPTION_KEY_FILE, else {@code <data-dir>/coffer.key}, created 0600 on the very first start
 * only. Real starts on SQLite.
 */
class KeySourceTest {

    @TempDir
    Path dataDir;

    private final Logger keyLog = Logger.getLogger(KeySource.class.getName());
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        keyLog.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        keyLog.removeHandler(capture);
    }

    private Config config(String key, Path keyFile) {
        return new Config("127.0.0.1", 0, dataDir, null, null, null, key, keyFile, Config.DEFAULT_MAX_BODY);
    }

    private Config noKey() {
        return config(null, null);
    }

    private Path keyFile() {
        return dataDir.resolve("coffer.key");
    }

    @Test
    void theFirstStartWithoutAKeyCreatesAKeyFileOnlyItsOwnerCanReadAndSaysSo() throws Exception {
        assertThat(keyFile()).doesNotExist();
        try (Wiring.Running running = Wiring.start(noKey())) {
            assertThat(running.keyDescription()).contains(keyFile().toString()).contains("created");
        }
        assertThat(keyFile()).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile())))
                .isEqualTo("rw-------");
        String stored = Files.readString(keyFile(), StandardCharsets.US_ASCII).trim();
        assertThat(Base64.getDecoder().decode(stored)).hasSize(32);

        List<LogRecord> warnings;
        synchronized (logged) {
            warnings = logged.stream()
                    .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                    .toList();
        }
        assertThat(warnings).as("a loud line about the new key").hasSize(1);
        String line = warnings.getFirst().getMessage();
        assertThat(line)
                .contains("Created a new encryption key")
                .contains(keyFile().toString())
                .contains("BACK IT UP")
                .doesNotContain(stored);
    }

    @Test
    void aSecondStartReusesTheKeyFileAndReadsTheSameData() throws Exception {
        String token;
        String project;
        try (Wiring.Running first = Wiring.start(noKey())) {
            Fixtures f = new Fixtures(new Api("http://127.0.0.1:" + first.port()));
            project = f.project("Reuse");
            f.secret(project, "dev", "/", "KEPT_ACROSS_STARTS", "value-across-starts");
            token = f.admin().token();
        }
        byte[] key = Files.readAllBytes(keyFile());
        synchronized (logged) {
            logged.clear();
        }

        try (Wiring.Running second = Wiring.start(noKey())) {
            assertThat(second.keyDescription()).contains(keyFile().toString()).doesNotContain("created");
            Api.Response r = new Api("http://127.0.0.1:" + second.port())
                    .get(
                            "/api/v3/secrets/raw/KEPT_ACROSS_STARTS" + "?workspaceId=" + project
                                    + "&environment=dev&secretPath=/",
                            token);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/secret/secretValue").asText()).isEqualTo("value-across-starts");
        }
        assertThat(Files.readAllBytes(keyFile()))
                .as("the key file is unchanged")
                .isEqualTo(key);
        synchronized (logged) {
            assertThat(logged)
                    .as("no 'created a new key' line on a later start")
                    .noneMatch(r -> r.getMessage().contains("Created a new encryption key"));
        }
    }

    @Test
    void withTheKeyFileGoneAStartFailsAndCreatesNoNewKey() throws Exception {
        Wiring.start(noKey()).close();
        byte[] key = Files.readAllBytes(keyFile());
        Files.delete(keyFile());

        assertThatThrownBy(() -> Wiring.start(noKey()).close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_ENCRYPTION_KEY")
                .hasMessageContaining(keyFile().toString());
        assertThat(keyFile()).as("no silently new key").doesNotExist();

        // the data is fine: with the original key back, the instance starts
        Files.write(keyFile(), key);
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-------"));
        try (Wiring.Running again = Wiring.start(noKey())) {
            assertThat(again.keyDescription()).doesNotContain("created");
        }
    }

    @Test
    void anEncryptionKeyOf16BytesIsRefusedNamingTheByteCountAndNeverTheKey() {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Wiring.start(config(shortKey, null)).close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_ENCRYPTION_KEY")
                .hasMessageContaining("16 bytes")
                .hasMessageContaining("32 bytes")
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain(shortKey).doesNotContain("sixteen byte key"));
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void anEncryptionKeyThatIsNotBase64IsRefusedWithoutEchoingIt() {
        String notBase64 = "hunter2-is-not:base64!";
        assertThatThrownBy(() -> Wiring.start(config(notBase64, null)).close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_ENCRYPTION_KEY")
                .hasMessageContaining("base64")
                .satisfies(e ->
                        assertThat(e.getMessage()).doesNotContain(notBase64).doesNotContain("hunter2"));
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void aKeyFileSettingThatPointsAtAMissingFileFailsClearly() {
        Path missing = dataDir.resolve("secrets").resolve("missing.key");
        assertThatThrownBy(() -> Wiring.start(config(null, missing)).close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_ENCRYPTION_KEY_FILE")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThat(missing).doesNotExist();
        assertThat(keyFile()).as("no fallback to a new default key").doesNotExist();
    }

    @Test
    void aKeyFileWithAShortKeyIsRefusedNamingTheFileAndNotTheKey() throws Exception {
        Path file = dataDir.resolve("short.key");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        Files.writeString(file, shortKey + "\n");
        assertThatThrownBy(() -> Wiring.start(config(null, file)).close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("16 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
    }

    @Test
    void theEnvironmentKeyWinsOverAKeyFileAndNeitherCreatesTheDefaultFile() throws Exception {
        byte[] fileKey = new byte[32];
        fileKey[0] = 1;
        Path file = dataDir.resolve("given.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(fileKey) + "\n");
        String envKey = EncryptionAtRestSuite.randomKey();

        try (Wiring.Running r = Wiring.start(config(envKey, file))) {
            assertThat(r.keyDescription()).isEqualTo("COFFER_ENCRYPTION_KEY").doesNotContain(envKey);
        }
        // the database was created with the environment's key, so the file's key must not open it
        assertThatThrownBy(() -> Wiring.start(config(null, file)).close())
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("does not open this database");
        try (Wiring.Running r = Wiring.start(config(envKey, null))) {
            assertThat(r.port()).isPositive();
        }
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void aMalformedKeyStopsTheStartBeforeAnyDatabaseIsCreated() throws Exception {
        Config cfg = new Config("127.0.0.1", 0, dataDir, null, null, null, "c2hvcnQ=", null, Config.DEFAULT_MAX_BODY);
        assertThatThrownBy(() -> Wiring.start(cfg))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("5 bytes");
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("coffer.db", "coffer.key");
        }
    }

    @Test
    void anUnreachablePostgresIsAStartupMessageWithoutThePassword() {
        Config cfg = new Config(
                "127.0.0.1",
                0,
                dataDir,
                "postgres://coffer:S3cret-pw@127.0.0.1:1/coffer",
                null,
                null,
                Base64.getEncoder().encodeToString(new byte[32]),
                null,
                Config.DEFAULT_MAX_BODY);
        assertThatThrownBy(() -> Wiring.start(cfg))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("Could not connect to PostgreSQL")
                .hasMessageContaining("127.0.0.1:1/coffer")
                .hasMessageContaining("COFFER_DATABASE_URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("S3cret"));
    }
}
