package dev.coffer.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.testing.Api;
import dev.coffer.server.testing.Backend;
import dev.coffer.server.testing.Fixtures;
import dev.coffer.server.testing.TestServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client address behind a load balancer: {@code X-Forwarded-For} is believed only from a trusted
 * proxy ({@code COFFER_TRUSTED_PROXIES}), and then its right-most untrusted address is the client, so
 * trusted-IP lists of client secrets and tokens hold for the real client. From any other peer the header
 * is ignored, so a client cannot claim an address. Here loopback is the proxy of one server and not of
 * the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ForwardedForSuite {

    abstract Backend backend();

    TestServer behindProxy;
    TestServer direct;
    Fixtures proxied;
    Fixtures unproxied;

    @BeforeAll
    void start() {
        behindProxy = TestServer.start(
                backend(),
                Clock.systemUTC(),
                HttpSettings.DEFAULTS.withTrustedProxies(TrustedProxies.parse("127.0.0.1")));
        direct = TestServer.start(backend());
        proxied = new Fixtures(behindProxy.api());
        unproxied = new Fixtures(direct.api());
    }

    @AfterAll
    void stop() {
        if (behindProxy != null) behindProxy.close();
        if (direct != null) direct.close();
    }

    record Cred(String clientId, String clientSecret, String identityId) {}

    /** An identity whose universal auth takes {@code settings} (trusted-IP lists), with a client secret. */
    static Cred machine(Fixtures f, Map<String, Object> settings) {
        Api api = f.api();
        String admin = f.admin().token();
        Api.Response r = api.post(
                "/api/v1/identities",
                admin,
                Map.of(
                        "name",
                        "lb-" + System.nanoTime(),
                        "organizationId",
                        f.admin().orgId(),
                        "role",
                        "member"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = r.json().at("/identity/id").asText();
        Api.Response ua = api.post("/api/v1/auth/universal-auth/identities/" + id, admin, settings);
        assertThat(ua.status()).as(ua.body()).isEqualTo(200);
        return new Cred(ua.json().at("/identityUniversalAuth/clientId").asText(), f.clientSecret(id), id);
    }

    static Api.Response login(Api api, Cred c, String forwardedFor) {
        return api.send(
                        "POST",
                        "/api/v1/auth/universal-auth/login",
                        null,
                        Map.of("clientId", c.clientId(), "clientSecret", c.clientSecret()),
                        forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor))
                .assertNoInternals("login");
    }

    static Map<String, Object> onlyFrom(String key, String range) {
        return Map.of(key, List.of(Map.of("ipAddress", range)));
    }

    @Test
    void behindATrustedProxyAClientSecretRestrictedToAnAddressIsAcceptedOnlyFromThatAddress() {
        Api api = behindProxy.api();
        Cred c = machine(proxied, onlyFrom("clientSecretTrustedIps", "10.0.0.0/8"));

        assertThat(login(api, c, "10.1.2.3").status()).isEqualTo(200);

        Api.Response outside = login(api, c, "198.51.100.7");
        assertThat(outside.status()).as(outside.body()).isEqualTo(403);
        assertThat(outside.message()).contains("198.51.100.7");

        // the client prepended an allowed address itself; the proxy appended the real one
        Api.Response spoofed = login(api, c, "10.1.2.3, 198.51.100.7");
        assertThat(spoofed.status()).as(spoofed.body()).isEqualTo(403);
        assertThat(spoofed.message()).contains("198.51.100.7");

        Api.Response noHeader = login(api, c, null);
        assertThat(noHeader.status())
                .as("without the header the proxy itself is the client")
                .isEqualTo(403);
        assertThat(noHeader.message()).contains("127.0.0.1");
    }

    @Test
    void behindATrustedProxyATokenRestrictedToAnAddressIsRefusedFromAnotherForwardedAddress() {
        Api api = behindProxy.api();
        Cred c = machine(proxied, onlyFrom("accessTokenTrustedIps", "203.0.113.0/24"));
        Api.Response login = login(api, c, "203.0.113.5");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String token = login.json().get("accessToken").asText();

        String path = "/api/v1/workspace";
        Api.Response allowed = api.send("GET", path, token, null, Map.of("X-Forwarded-For", "203.0.113.9"));
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
        Api.Response other = api.send("GET", path, token, null, Map.of("X-Forwarded-For", "198.51.100.7"));
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        assertThat(other.message()).contains("198.51.100.7");
    }

    @Test
    void fromAPeerThatIsNotATrustedProxyTheForwardedAddressIsIgnored() {
        Api api = direct.api();
        Cred c = machine(unproxied, onlyFrom("clientSecretTrustedIps", "10.0.0.0/8"));

        Api.Response spoofed = login(api, c, "10.1.2.3");
        assertThat(spoofed.status()).as(spoofed.body()).isEqualTo(403);
        assertThat(spoofed.message()).contains("127.0.0.1").doesNotContain("10.1.2.3");

        Cred open = machine(unproxied, onlyFrom("clientSecretTrustedIps", "127.0.0.1/32"));
        assertThat(login(api, open, "198.51.100.7").status())
                .as("the socket peer decides, whatever the header says")
                .isEqualTo(200);
    }
}
