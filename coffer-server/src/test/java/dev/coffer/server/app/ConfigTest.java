package dev.coffer.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.server.errors.StartupException;
import dev.coffer.server.http.HttpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's settings: defaults, every COFFER_* variable, options over environment, clear failures. */
class ConfigTest {

    private static final String KEY = "q83vEjRWeJASNFZ4kBI0VniQEjRWeJASNFZ4kBI0Vng=";

    private static Map<String, String> fullEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("COFFER_HOST", "0.0.0.0");
        env.put("COFFER_PORT", "9443");
        env.put("COFFER_DATA_DIR", "/var/lib/coffer");
        env.put("COFFER_DATABASE_URL", "postgres://coffer:url-pass-7f3@db.internal:5432/coffer");
        env.put("COFFER_DATABASE_USER", "coffer_app");
        env.put("COFFER_DATABASE_PASSWORD", "sep-pass-91c");
        env.put("COFFER_ENCRYPTION_KEY", KEY);
        env.put("COFFER_ENCRYPTION_KEY_FILE", "/run/secrets/coffer.key");
        env.put("COFFER_MAX_BODY_BYTES", "1048576");
        env.put("COFFER_HTTP_READ_TIMEOUT", "7");
        env.put("COFFER_HTTP_IDLE_TIMEOUT", "30");
        env.put("COFFER_MAX_CONNECTIONS", "250");
        env.put("COFFER_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7");
        env.put("COFFER_SECRET_VERSIONS_KEPT", "25");
        env.put("COFFER_SECRETS_CACHE_MB", "8");
        return env;
    }

    @Test
    void withNothingSetItListensOnLoopbackPort8080AndKeepsDataInCofferDataUnderTheWorkingDirectory() {
        Config c = Config.from(Map.of("PATH", "/usr/bin", "HOME", "/root"), null, null, null);
        assertThat(c.secretVersionsKept()).isEqualTo(100);
        assertThat(c.secretsCacheMb()).isEqualTo(32);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.dataDir())
                .isAbsolute()
                .isEqualTo(Path.of("").toAbsolutePath().resolve("coffer-data"));
        assertThat(c.maxBodyBytes()).isEqualTo(4L * 1024 * 1024).isEqualTo(Config.DEFAULT_MAX_BODY);
        assertThat(c.databaseUrl()).isNull();
        assertThat(c.databaseUser()).isNull();
        assertThat(c.databasePassword()).isNull();
        assertThat(c.encryptionKey()).isNull();
        assertThat(c.encryptionKeyFile()).isNull();
    }

    @Test
    void everyServerVariableMapsToItsSetting() {
        Config c = Config.from(fullEnv(), null, null, null);
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9443);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/coffer"));
        assertThat(c.databaseUrl()).isEqualTo("postgres://coffer:url-pass-7f3@db.internal:5432/coffer");
        assertThat(c.databaseUser()).isEqualTo("coffer_app");
        assertThat(c.databasePassword()).isEqualTo("sep-pass-91c");
        assertThat(c.encryptionKey()).isEqualTo(KEY);
        assertThat(c.encryptionKeyFile()).isEqualTo(Path.of("/run/secrets/coffer.key"));
        assertThat(c.maxBodyBytes()).isEqualTo(1048576L);
        assertThat(c.http().readTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.http().idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.http().maxConnections()).isEqualTo(250);
        assertThat(c.http().trustedProxies()).hasToString("10.0.0.0/8,192.168.1.7");
        assertThat(c.secretVersionsKept()).isEqualTo(25);
        assertThat(c.secretsCacheMb()).isEqualTo(8);
        assertThat(Config.SERVER_KEYS)
                .as("the test covers every server setting")
                .hasSize(15)
                .containsExactlyInAnyOrderElementsOf(fullEnv().keySet());
    }

    @Test
    void commandLineOptionsWinOverTheEnvironment() {
        Config c = Config.from(fullEnv(), "10.0.0.5", 7000, Path.of("/srv/coffer"));
        assertThat(c.host()).isEqualTo("10.0.0.5");
        assertThat(c.port()).isEqualTo(7000);
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/coffer"));
        // settings without an option still come from the environment
        assertThat(c.databaseUser()).isEqualTo("coffer_app");
    }

    @Test
    void aRelativeDataDirectoryIsMadeAbsoluteAndNormalised() {
        Config c = Config.from(Map.of("COFFER_DATA_DIR", "data/../coffer-state"), null, null, null);
        assertThat(c.dataDir()).isEqualTo(Path.of("").toAbsolutePath().resolve("coffer-state"));
    }

    @Test
    void aMistypedServerVariableStopsTheStartNamingItAndListingTheKnownSettings() {
        assertThatThrownBy(() -> Config.from(Map.of("COFFER_PROT", "9000"), null, null, null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_PROT")
                .satisfies(e -> assertThat(e.getMessage()).contains(Config.SERVER_KEYS))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("9000"));
    }

    @Test
    void everyUnknownServerVariableIsNamedAtOnce() {
        assertThatThrownBy(() -> Config.from(
                        Map.of("COFFER_PROT", "1", "COFFER_DATABSE_URL", "x", "COFFER_PORT", "1"), null, null, null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_PROT")
                .hasMessageContaining("COFFER_DATABSE_URL");
    }

    @Test
    void variablesOfCoffersClientsAreLetThrough() {
        Map<String, String> env = new HashMap<>();
        for (String k : new String[] {
            "COFFER_CLIENT_ID",
            "COFFER_CLIENT_SECRET",
            "COFFER_API_URL",
            "COFFER_ENV",
            "COFFER_PROJECT_ID",
            "COFFER_TOKEN",
            "COFFER_URL",
            "COFFER_JAVA_HOME",
            "COFFER_JAVA_OPTS",
            "COFFER_PATH",
            "COFFER_CONFIG_DIR"
        }) {
            env.put(k, "client-side");
        }
        env.put("COFFER_PORT", "8181");
        env.put("NOT_COFFER_ANYTHING", "ignored");
        assertThat(Config.from(env, null, null, null).port()).isEqualTo(8181);
    }

    @Test
    void theLaunchersHeapSettingIsLetThroughToTheLauncher() {
        Map<String, String> env = Map.of("COFFER_HEAP", "1g", "COFFER_PORT", "8182");
        assertThat(Config.from(env, null, null, null).port()).isEqualTo(8182);
    }

    @Test
    void aPortThatIsNotANumberIsRefusedNamingTheVariableAndTheValue() {
        assertThatThrownBy(() -> Config.from(Map.of("COFFER_PORT", "80a"), null, null, null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_PORT")
                .hasMessageContaining("whole number")
                .hasMessageContaining("'80a'");
    }

    @Test
    void aPortOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> Config.from(Map.of("COFFER_PORT", "65536"), null, null, null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("between 0 and 65535")
                .hasMessageContaining("65536");
        assertThatThrownBy(() -> Config.from(Map.of(), null, -1, null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("between 0 and 65535");
    }

    @Test
    void aHugePortIsRefusedInsteadOfWrappingAroundToAValidOne() {
        // 2^32 + 8080 would become 8080 if the long were narrowed to int before the range check
        assertThatThrownBy(() -> Config.from(Map.of("COFFER_PORT", "4294975376"), null, null, null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_PORT")
                .hasMessageContaining("4294975376");
    }

    @Test
    void aBodyLimitThatIsNotANumberOrTooSmallIsRefused() {
        assertThatThrownBy(() -> Config.from(Map.of("COFFER_MAX_BODY_BYTES", "4MB"), null, null, null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_MAX_BODY_BYTES")
                .hasMessageContaining("'4MB'");
        assertThatThrownBy(() -> Config.from(Map.of("COFFER_MAX_BODY_BYTES", "100"), null, null, null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("COFFER_MAX_BODY_BYTES")
                .hasMessageContaining("at least 1024")
                .hasMessageContaining("100");
    }

    @Test
    void anEmptyHostIsRefused() {
        assertThatThrownBy(() -> Config.from(Map.of(), "  ", null, null))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("host");
    }

    @Test
    void blankVariablesCountAsUnset() {
        Map<String, String> env = new HashMap<>();
        env.put("COFFER_PORT", " ");
        env.put("COFFER_DATABASE_URL", "");
        env.put("COFFER_ENCRYPTION_KEY", "  ");
        env.put("COFFER_ENCRYPTION_KEY_FILE", "");
        env.put("COFFER_MAX_BODY_BYTES", "");
        Config c = Config.from(env, null, null, null);
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.databaseUrl()).isNull();
        assertThat(c.encryptionKey()).isNull();
        assertThat(c.encryptionKeyFile()).isNull();
        assertThat(c.maxBodyBytes()).isEqualTo(Config.DEFAULT_MAX_BODY);
    }

    @Test
    void toStringMasksTheDatabaseUrlThePasswordAndTheEncryptionKey() {
        String s = Config.from(fullEnv(), null, null, null).toString();
        assertThat(s)
                .doesNotContain("url-pass-7f3", "db.internal", "sep-pass-91c", KEY, KEY.substring(0, 12))
                .contains("***")
                .contains("0.0.0.0")
                .contains("9443")
                .contains("coffer_app")
                .contains("/run/secrets/coffer.key");
        assertThat(Config.from(Map.of(), null, null, null).toString()).contains("embedded SQLite");
    }

    @Test
    void blankHostAndDataDirectoryCountAsUnset() {
        Config c = Config.from(Map.of("COFFER_HOST", " ", "COFFER_DATA_DIR", ""), null, null, null);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.dataDir())
                .isEqualTo(Path.of("coffer-data").toAbsolutePath().normalize());
    }

    @Test
    void httpLimitsDefaultToSafeValuesAndBadOnesAreRefusedNamingTheVariable() {
        Config c = Config.from(Map.of(), null, null, null);
        assertThat(c.http()).isEqualTo(HttpSettings.DEFAULTS);
        assertThat(c.http().trustedProxies().isEmpty())
                .as("no proxy is trusted by default")
                .isTrue();
        for (var bad : List.of(
                Map.of("COFFER_HTTP_READ_TIMEOUT", "0"),
                Map.of("COFFER_HTTP_IDLE_TIMEOUT", "-5"),
                Map.of("COFFER_MAX_CONNECTIONS", "0"),
                Map.of("COFFER_HTTP_READ_TIMEOUT", "20s"),
                Map.of("COFFER_TRUSTED_PROXIES", "10.0.0.0/8, lb.internal"))) {
            String name = bad.keySet().iterator().next();
            assertThatThrownBy(() -> Config.from(bad, null, null, null))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining(name);
        }
    }

    @Test
    void aSecretsCacheSizeOutOfRangeIsRefusedNamingTheVariable() {
        assertThat(Config.from(Map.of("COFFER_SECRETS_CACHE_MB", "0"), null, null, null)
                        .secretsCacheMb())
                .as("0 turns the cache off")
                .isZero();
        for (String bad : List.of("-1", "65537", "lots")) {
            assertThatThrownBy(() -> Config.from(Map.of("COFFER_SECRETS_CACHE_MB", bad), null, null, null))
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("COFFER_SECRETS_CACHE_MB");
        }
    }
}
