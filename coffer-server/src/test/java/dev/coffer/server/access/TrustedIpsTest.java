package dev.coffer.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.errors.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trusted IP blocks: parsing, matching at the prefix boundaries, IPv4-mapped IPv6, and what is never trusted. */
class TrustedIpsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anAddressMatchesItsBlockUpToThePrefixAndNotOneBitFurther() {
        assertThat(TrustedIps.allows(List.of("10.1.2.0/24"), "10.1.2.255")).isTrue();
        assertThat(TrustedIps.allows(List.of("10.1.2.0/24"), "10.1.3.0")).isFalse();
        assertThat(TrustedIps.allows(List.of("10.1.2.0/23"), "10.1.3.200")).isTrue();
        assertThat(TrustedIps.allows(List.of("10.1.2.0/23"), "10.1.4.0")).isFalse();
        assertThat(TrustedIps.allows(List.of("10.1.2.0/23"), "10.1.1.255")).isFalse();
        assertThat(TrustedIps.allows(List.of("10.1.2.3/31"), "10.1.2.2")).isTrue();
        assertThat(TrustedIps.allows(List.of("10.1.2.3/31"), "10.1.2.4")).isFalse();
        assertThat(TrustedIps.allows(List.of("10.1.2.3/32"), "10.1.2.3")).isTrue();
        assertThat(TrustedIps.allows(List.of("10.1.2.3/32"), "10.1.2.4")).isFalse();
        assertThat(TrustedIps.allows(List.of("10.1.2.3"), "10.1.2.3"))
                .as("no prefix is one address")
                .isTrue();
        assertThat(TrustedIps.allows(List.of("0.0.0.0/0"), "203.0.113.9")).isTrue();
        assertThat(TrustedIps.allows(List.of("2001:db8::/32"), "2001:db8:ffff::1"))
                .isTrue();
        assertThat(TrustedIps.allows(List.of("2001:db8::/32"), "2001:db9::1")).isFalse();
    }

    @Test
    void anIpv4MappedIpv6ClientMatchesAnIpv4BlockButNoOtherIpv6AddressDoes() {
        assertThat(TrustedIps.allows(List.of("127.0.0.0/8"), "::ffff:127.0.0.1"))
                .isTrue();
        assertThat(TrustedIps.allows(List.of("127.0.0.0/8"), "::fffe:127.0.0.1"))
                .isFalse();
        assertThat(TrustedIps.allows(List.of("127.0.0.0/8"), "1::ffff:127.0.0.1"))
                .isFalse();
        assertThat(TrustedIps.allows(List.of("127.0.0.0/8"), "::1")).isFalse();
    }

    @Test
    void anUnparsableClientAddressIsNeverTrustedEvenByAnywhere() {
        assertThat(TrustedIps.allows(TrustedIps.ANYWHERE, "unknown")).isFalse();
        assertThat(TrustedIps.allows(TrustedIps.ANYWHERE, "localhost")).isFalse();
        assertThat(TrustedIps.allows(TrustedIps.ANYWHERE, "")).isFalse();
        assertThat(TrustedIps.allows(TrustedIps.ANYWHERE, "1.2.3")).isFalse();
    }

    @Test
    void blocksAreValidatedWithTheirPrefixBounds() throws Exception {
        assertThat(TrustedIps.fromRequest(
                        JSON.readTree("[{\"ipAddress\":\"10.0.0.0/32\"},{\"ipAddress\":\"::/128\"}]"), "f"))
                .containsExactly("10.0.0.0/32", "::/128");
        for (String bad : List.of("10.0.0.0/33", "::/129", "10.0.0.0/-1", "example.com", "10.0.0", "10.0.0.0/x")) {
            assertThatThrownBy(
                            () -> TrustedIps.fromRequest(JSON.readTree("[{\"ipAddress\":\"" + bad + "\"}]"), "field"))
                    .as(bad)
                    .isInstanceOf(ApiException.BadRequest.class)
                    .hasMessageContaining(bad)
                    .hasMessageContaining("field");
        }
        assertThat(TrustedIps.fromRequest(null, "f")).isEqualTo(TrustedIps.ANYWHERE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theResponseShapeNamesAddressTypeAndPrefix() {
        List<Map<String, Object>> described =
                JSON.convertValue(TrustedIps.describe(List.of("10.0.0.0/8", "::1/128", "192.168.1.1")), List.class);

        assertThat(described.get(0))
                .containsEntry("ipAddress", "10.0.0.0")
                .containsEntry("type", "ipv4")
                .containsEntry("prefix", 8);
        assertThat(described.get(1))
                .containsEntry("ipAddress", "::1")
                .containsEntry("type", "ipv6")
                .containsEntry("prefix", 128);
        assertThat(described.get(2))
                .containsEntry("ipAddress", "192.168.1.1")
                .containsEntry("type", "ipv4")
                .containsEntry("prefix", null);
    }

    @Test
    void aDeniedAddressIsA403NamingTheAddress() {
        assertThatThrownBy(() -> TrustedIps.require(List.of("10.0.0.0/8"), "192.0.2.1", "This token"))
                .isInstanceOf(ApiException.Forbidden.class)
                .hasMessageContaining("192.0.2.1")
                .hasMessageStartingWith("This token");
    }
}
