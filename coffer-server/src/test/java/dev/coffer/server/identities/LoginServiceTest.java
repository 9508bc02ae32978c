package dev.coffer.server.identities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coffer.server.access.Authorizer;
import dev.coffer.server.cache.Invalidator;
import dev.coffer.server.errors.ApiException;
import dev.coffer.server.keys.KeySource;
import dev.coffer.server.keys.Keyring;
import dev.coffer.server.store.Database;
import dev.coffer.server.store.Jdbc;
import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestClock;
import dev.coffer.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The work a failed login does, seen through the client-secret matcher: an unknown client id goes
 * through the same constant-time comparison as a wrong secret for a known one (no timing is measured;
 * the comparisons are counted). A login service of the test's own runs on the server's SQLite file.
 */
class LoginServiceTest {

    private final TestClock clock = new TestClock();
    private final Invalidator invalidator = new Invalidator();
    private final ClientSecretMatcher matcher = new ClientSecretMatcher();
    private TestServer server;
    private Database db;
    private LoginService login;
    private Fixtures fixtures;
    private Fixtures.Machine machine;

    @BeforeEach
    void aServerWithOneMachine() {
        server = TestServer.start(Backend.SQLITE, clock);
        fixtures = new Fixtures(server.api());
        machine = fixtures.machine("worker", "no-access");
        db = Database.sqlite(server.sqliteFile(), invalidator);
        Keyring keyring = Keyring.open(
                db,
                KeySource.fromSettings(server.config().encryptionKey(), null).orElseThrow());
        IdentityService identities = new IdentityService(db, new Authorizer(db, invalidator, clock), clock);
        universalAuth = new UniversalAuthService(db, identities, keyring, clock);
        tokens = new AccessTokens(db, keyring, invalidator, clock);
        login = new LoginService(db, universalAuth, tokens, invalidator, clock, matcher);
    }

    private UniversalAuthService universalAuth;
    private AccessTokens tokens;

    @AfterEach
    void stop() {
        db.close();
        server.close();
    }

    /** The refusal of a login, and how many HMAC comparisons it made. */
    private record Refusal(ApiException.Unauthorized error, long comparisons) {}

    private Refusal refuse(String clientId, String clientSecret) {
        long before = matcher.comparisons();
        ApiException.Unauthorized e = catchThrowableOfType(
                ApiException.Unauthorized.class, () -> login.login(clientId, clientSecret, "192.0.2.1"));
        assertThat(e).as("login with %s is refused", clientId).isNotNull();
        return new Refusal(e, matcher.comparisons() - before);
    }

    @Test
    void anUnknownClientIdIsComparedLikeAWrongSecretForAKnownOneAndGetsTheSameRefusal() {
        Refusal wrongSecret = refuse(machine.clientId(), "0".repeat(64));
        Refusal unknownId = refuse(UUID.randomUUID().toString(), machine.clientSecret());

        assertThat(wrongSecret.comparisons())
                .as("the identity's one client secret")
                .isEqualTo(1);
        assertThat(unknownId.comparisons()).as("a decoy in place of a secret").isEqualTo(1);
        assertThat(unknownId.error().getMessage()).isEqualTo(wrongSecret.error().getMessage());
    }

    @Test
    void aLockedIdentityStillComparesThePresentedSecretAndAnswersLikeAnUnknownId() {
        for (int i = 0; i < 3; i++) refuse(machine.clientId(), "wrong-" + i);

        Refusal locked = refuse(machine.clientId(), machine.clientSecret());
        Refusal unknownId = refuse(UUID.randomUUID().toString(), machine.clientSecret());
        assertThat(locked.comparisons()).isEqualTo(1);
        assertThat(locked.error().getMessage()).isEqualTo(unknownId.error().getMessage());
    }

    @Test
    void aSecretRevokedBetweenTheLoginsReadAndItsWriteIsRefusedAndLeavesNoToken() {
        ClientSecretMatcher revokingAfterTheRead = new ClientSecretMatcher() {
            @Override
            Optional<ClientSecret> match(List<ClientSecret> candidates, byte[] presented) {
                Optional<ClientSecret> found = super.match(candidates, presented);
                found.ifPresent(s -> db.write(tx -> {
                    IdentityStore.revokeClientSecret(tx, s.id(), clock.millis());
                    return null;
                }));
                return found;
            }
        };
        LoginService racing = new LoginService(db, universalAuth, tokens, invalidator, clock, revokingAfterTheRead);
        long before = accessTokens();

        assertThatThrownBy(() -> racing.login(machine.clientId(), machine.clientSecret(), "192.0.2.1"))
                .isInstanceOf(ApiException.Unauthorized.class);
        assertThat(accessTokens())
                .as("the token's row written before the count was rolled back")
                .isEqualTo(before);
    }

    private long accessTokens() {
        return db.read(tx -> Jdbc.one(tx, "SELECT COUNT(*) FROM access_tokens", rs -> rs.getLong(1)))
                .orElseThrow();
    }

    @Test
    void theCorrectSecretLogsIn() {
        assertThat(login.login(machine.clientId(), machine.clientSecret(), "192.0.2.1")
                        .accessToken())
                .isNotBlank();
        assertThat(matcher.comparisons()).isEqualTo(1);
    }

    private String logIn(String clientIp) {
        return login.login(machine.clientId(), machine.clientSecret(), clientIp).accessToken();
    }

    @Test
    void aLoginWithTheSameCorrectSecretIsAnsweredFromWhatTheFirstReadAndAWrongOneNeverIs() {
        long before = accessTokens();
        logIn("192.0.2.1");
        logIn("192.0.2.1");
        assertThat(matcher.comparisons())
                .as("the second login compared nothing")
                .isEqualTo(1);

        Refusal first = refuse(machine.clientId(), "0".repeat(64));
        Refusal second = refuse(machine.clientId(), "0".repeat(64));
        assertThat(List.of(first.comparisons(), second.comparisons()))
                .as("each wrong secret was compared")
                .isEqualTo(List.of(1L, 1L));
        assertThat(accessTokens() - before).as("a token for each login").isEqualTo(2);
    }

    // "elsewhere": through the server, whose changes this login service is never told of (as another
    // node that missed the notification), so only the login's own write can catch them

    @Test
    void aRememberedLoginIsRefusedOnceItsSecretIsRevokedElsewhere() {
        logIn("192.0.2.1");
        db.write(tx -> {
            IdentityStore.activeClientSecrets(tx, machine.id())
                    .forEach(s -> IdentityStore.revokeClientSecret(tx, s.id(), clock.millis()));
            return null;
        });
        long before = accessTokens();

        refuse(machine.clientId(), machine.clientSecret());
        assertThat(accessTokens()).as("no token written for the refused login").isEqualTo(before);
    }

    @Test
    void aRememberedLoginIsRefusedWhileItsIdentityIsLockedElsewhere() {
        logIn("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            Map<String, String> wrong = Map.of("clientId", machine.clientId(), "clientSecret", "wrong-" + i);
            assertThat(server.api()
                            .post("/api/v1/auth/universal-auth/login", null, wrong)
                            .status())
                    .isEqualTo(401);
        }

        refuse(machine.clientId(), machine.clientSecret());
    }

    @Test
    void aRememberedLoginFollowsTrustedAddressesNarrowedElsewhere() {
        logIn("192.0.2.1");
        Api.Response narrowed = server.api()
                .patch(
                        UniversalAuthHarness.uaPath(machine.id()),
                        fixtures.admin().token(),
                        Map.of("clientSecretTrustedIps", List.of(Map.of("ipAddress", "10.0.0.0/8"))));
        assertThat(narrowed.status()).as(narrowed.body()).isEqualTo(200);

        assertThatThrownBy(() -> logIn("192.0.2.1"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("192.0.2.1");
        assertThat(logIn("10.1.2.3")).isNotBlank();
    }

    @Test
    void anIdentityChangedOnThisNodeIsReadAgain() {
        logIn("192.0.2.1");
        invalidator.deliver(new Invalidator.Key(Invalidator.Topic.IDENTITY, machine.id()));

        logIn("192.0.2.1");
        assertThat(matcher.comparisons())
                .as("the login after the change read and compared again")
                .isEqualTo(2);
    }
}
